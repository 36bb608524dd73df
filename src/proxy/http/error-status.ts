// What every dialect's error table looks like, and what does not depend on the dialect. Each
// dialect's errors.ts holds an exhaustive `ErrorStatusTable` (every ErrorKind → its status, type
// and code), so adding a kind fails to compile until every API has an answer for it. Retry
// semantics live with the kind itself (events.ts ERROR_KIND_TRAITS), not in any status.
import type { ErrorKind } from '../events.js';

export interface ErrorStatus {
  status: number;
  /** The API's error `type` (Anthropic `error.type`, OpenAI `error.type`). */
  type: string;
  /** OpenAI-style `error.code`; null where the API has none for the kind. */
  code: string | null;
}

export type ErrorStatusTable = Readonly<Record<ErrorKind, ErrorStatus>>;

/**
 * `retry-after` seconds when the upstream gave none; absent = no header. Claude Code honours
 * retry-after and retries a 429 ten times, so these pace its retries: short for throttling; for
 * a used-up pool (refilled only at the billing cycle's end) short too, so that the ten retries
 * end in a clear message within about two minutes instead of a silent wait of days.
 */
export const DEFAULT_RETRY_AFTER_SECONDS: Readonly<Partial<Record<ErrorKind, number>>> = {
  rate_limited: 5,
  quota_exhausted: 10,
  // Every 529/503/504 carries retry-after too: capacity blips pass quickly, and the gateway has
  // already retried before answering.
  overloaded: 5,
  timeout: 5,
};

/** The most a `retry-after` for a used-up pool says, whatever the reset time (see above). */
export const MAX_QUOTA_RETRY_AFTER_SECONDS = 10;
