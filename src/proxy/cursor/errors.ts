// The one place where Cursor's wire failures become UpstreamError kinds (src/proxy/events.ts):
// Connect code + message + aiserver.v1.ErrorDetails enum + HTTP status, read through ONE ordered
// table (cursor-limits.md §3; the first matching row wins). A bare `resource_exhausted` means
// different things by context, so the table also reads what the caller knows about the turn:
// how full the model's window is and what the usage RPC says of the model's pool.
import { type ErrorDetails, ErrorDetails_Error } from '../../gen/aiserver/v1/error_details_pb.js';
import { type ErrorKind, UpstreamError, type UsagePool } from '../events.js';
import { MAX_QUOTA_RETRY_AFTER_SECONDS } from '../http/error-status.js';
import { type PoolStatus, poolOfModel } from '../pool-status.js';

export interface WireError {
  /** Connect code string (`unauthenticated`, `resource_exhausted`, …). */
  code?: string;
  message?: string;
  details?: ErrorDetails[];
  /** HTTP status, when the call itself failed (non-200 answer or unary error). */
  httpStatus?: number;
  /** A `retry-after` header or end-stream metadata value. */
  retryAfter?: string;
}

/** What the caller knows about the turn that failed; every field optional. */
export interface ClassifyContext {
  /** The Cursor model id the run asked for. */
  modelId?: string;
  /** Estimated tokens of the conversation sent, and the model's context window. */
  promptTokens?: number;
  contextWindow?: number;
  /** The model's pool as the usage RPC last reported it. */
  pool?: PoolStatus;
}

const E = ErrorDetails_Error;
const UNAUTHENTICATED_DETAILS = [E.NOT_LOGGED_IN, E.AUTH_TOKEN_EXPIRED, E.UNAUTHORIZED, E.BAD_USER_API_KEY];
const RATE_LIMIT_DETAILS = [E.PRO_USER_RATE_LIMIT_EXCEEDED, E.GENERIC_RATE_LIMIT_EXCEEDED, E.RATE_LIMITED];

const OUTDATED_TEXT = /update required|outdated|version is no longer supported|please update/;
const CONTEXT_TEXT = /context (length|window)|(prompt|conversation|input|message)s? (is |are )?too long|too many tokens|tokens? exceed|exceeds? .*tokens/;
const QUOTA_TEXT = /usage limit|monthly limit|spend limit|included usage|quota/;
const RATE_LIMIT_TEXT = /rate limit|too many requests/;
const BAD_MODEL_TEXT = /model\b.*\b(not valid|invalid|not found|unknown|does not exist)|(invalid|unknown) model/;
const MODEL_TEXT = /\bmodel\b/;
const TRANSIENT_CODES = new Set(['unavailable', 'internal', 'deadline_exceeded']);
const TRANSIENT_HTTP = new Set([500, 502, 503, 504]);

/** A share of the window at or above which a bare `resource_exhausted` is read as an overflow (§3). */
export const OVERFLOW_SHARE = 0.5;

interface Signals {
  code?: string;
  httpStatus?: number;
  detail?: ErrorDetails_Error;
  /** Lower-case message, title and detail, for the wording rules. */
  text: string;
  /** `resource_exhausted` with no detail but RESOURCE_EXHAUSTED and no wording that explains it. */
  bare: boolean;
  context: ClassifyContext;
}

interface Row {
  /** The signal, in words: what the README and the tests call the row. */
  signal: string;
  kind: ErrorKind;
  matches: (e: Signals) => boolean;
}

/** THE classifier, in the order of cursor-limits.md §3. */
export const CLASSIFIER: readonly Row[] = [
  {
    signal: 'ErrorDetails OUTDATED_CLIENT, or "update required" / "version is no longer supported"',
    kind: 'outdated_client',
    matches: (e) => e.detail === E.OUTDATED_CLIENT || OUTDATED_TEXT.test(e.text),
  },
  {
    signal: 'unauthenticated, HTTP 401, NOT_LOGGED_IN / AUTH_TOKEN_EXPIRED / UNAUTHORIZED / BAD_USER_API_KEY',
    kind: 'unauthenticated',
    matches: (e) => e.code === 'unauthenticated' || e.httpStatus === 401 || oneOf(e.detail, UNAUTHENTICATED_DETAILS),
  },
  {
    signal: 'ErrorDetails CONVERSATION_TOO_LONG, or a size phrase ("too long", "context length", "tokens exceed")',
    kind: 'context_too_long',
    matches: (e) => e.detail === E.CONVERSATION_TOO_LONG || CONTEXT_TEXT.test(e.text),
  },
  {
    signal: `bare resource_exhausted, conversation ≥ ${OVERFLOW_SHARE * 100} % of the model's window`,
    kind: 'context_too_long',
    matches: (e) => e.bare && windowShare(e.context) !== undefined && windowShare(e.context)! >= OVERFLOW_SHARE,
  },
  {
    signal: 'PRO_USER_USAGE_LIMIT, or quota words ("usage limit", "spend limit", "included usage", "quota")',
    kind: 'quota_exhausted',
    matches: (e) => e.detail === E.PRO_USER_USAGE_LIMIT || QUOTA_TEXT.test(e.text),
  },
  {
    signal: "bare resource_exhausted while the usage RPC shows the model's pool at ≥ 100 %",
    kind: 'quota_exhausted',
    matches: (e) => e.bare && (e.context.pool?.percentUsed ?? 0) >= 100,
  },
  {
    signal: 'PRO_USER_RATE_LIMIT_EXCEEDED / GENERIC_RATE_LIMIT_EXCEEDED / RATE_LIMITED, HTTP 429, "too many requests", or any other bare resource_exhausted',
    kind: 'rate_limited',
    matches: (e) => oneOf(e.detail, RATE_LIMIT_DETAILS) || e.httpStatus === 429 || RATE_LIMIT_TEXT.test(e.text) || e.bare,
  },
  {
    signal: 'BAD_MODEL_NAME, "Model name is not valid", "unknown model"',
    kind: 'unknown_model',
    matches: (e) => e.detail === E.BAD_MODEL_NAME || BAD_MODEL_TEXT.test(e.text),
  },
  {
    signal: 'permission_denied (or HTTP 403) naming a model: plan-gated',
    kind: 'model_not_allowed',
    matches: (e) => (e.code === 'permission_denied' || e.httpStatus === 403) && MODEL_TEXT.test(e.text),
  },
  {
    signal: 'unavailable, internal, deadline_exceeded, HTTP 500/502/503/504',
    kind: 'overloaded',
    matches: (e) => TRANSIENT_CODES.has(e.code ?? '') || TRANSIENT_HTTP.has(e.httpStatus ?? 0),
  },
  {
    signal: 'invalid_argument, failed_precondition, out_of_range, HTTP 400',
    kind: 'invalid_request',
    matches: (e) => ['invalid_argument', 'failed_precondition', 'out_of_range'].includes(e.code ?? '') || e.httpStatus === 400,
  },
  {
    signal: 'not_found, HTTP 404',
    kind: 'not_found',
    matches: (e) => e.code === 'not_found' || e.httpStatus === 404,
  },
  {
    signal: 'permission_denied (no model named), HTTP 403',
    kind: 'forbidden',
    matches: (e) => e.code === 'permission_denied' || e.httpStatus === 403,
  },
];

function oneOf(detail: ErrorDetails_Error | undefined, list: ErrorDetails_Error[]): boolean {
  return detail !== undefined && list.includes(detail);
}

function windowShare(context: ClassifyContext): number | undefined {
  const { promptTokens, contextWindow } = context;
  return promptTokens !== undefined && contextWindow ? promptTokens / contextWindow : undefined;
}

/** The failure as a kind, with Cursor's own words (or ours, where Cursor gave none that help). */
export function classifyWireError(wire: WireError, context: ClassifyContext = {}, now = Date.now()): UpstreamError {
  const details = wire.details?.[0];
  const title = details?.details?.title ?? '';
  const detail = details?.details?.detail ?? '';
  const text = [wire.message, title, detail].join(' ').toLowerCase();
  const detailEnum = details?.error || undefined;
  const signals: Signals = {
    code: wire.code,
    httpStatus: wire.httpStatus,
    detail: detailEnum,
    text,
    bare:
      (wire.code === 'resource_exhausted' || detailEnum === E.RESOURCE_EXHAUSTED) &&
      (detailEnum === undefined || detailEnum === E.RESOURCE_EXHAUSTED) &&
      !QUOTA_TEXT.test(text) &&
      !CONTEXT_TEXT.test(text) &&
      !RATE_LIMIT_TEXT.test(text),
    context,
  };
  const kind = CLASSIFIER.find((row) => row.matches(signals))?.kind ?? 'internal';
  const wireCode = wire.code ?? (wire.httpStatus === undefined ? undefined : `http_${wire.httpStatus}`);
  const said = userMessage(wire, title, detail);
  const retryAfterSeconds = parseRetryAfter(wire.retryAfter, now);
  if (kind === 'context_too_long' && signals.bare) {
    return new UpstreamError(kind, overflowMessage(context), { wireCode });
  }
  if (kind === 'quota_exhausted') {
    const pool = context.pool?.pool ?? (context.modelId ? poolOfModel(context.modelId) : undefined);
    const resetsAt = context.pool?.resetsAt;
    const untilReset = resetsAt ? Math.max(1, Math.ceil((resetsAt.getTime() - now) / 1000)) : undefined;
    return new UpstreamError(kind, signals.bare ? poolMessage(pool, resetsAt) : said, {
      wireCode,
      pool,
      resetsAt,
      retryAfterSeconds: Math.min(retryAfterSeconds ?? untilReset ?? MAX_QUOTA_RETRY_AFTER_SECONDS, MAX_QUOTA_RETRY_AFTER_SECONDS),
    });
  }
  // Only Cursor's own value; each kind's default lives in http/error-status.ts.
  return new UpstreamError(kind, said, { retryAfterSeconds, wireCode });
}

function overflowMessage({ promptTokens, contextWindow }: ClassifyContext): string {
  return (
    `prompt is too long: about ${promptTokens} tokens > ${contextWindow} maximum ` +
    `(Cursor answered a bare resource_exhausted for a conversation filling ${Math.round((promptTokens! / contextWindow!) * 100)} % of the window)`
  );
}

function poolMessage(pool: UsagePool | undefined, resetsAt: Date | undefined): string {
  const until = resetsAt ? ` until ${resetsAt.toISOString().slice(0, 10)}` : '';
  if (pool === 'auto') return `Cursor Auto + Composer pool used up${until}.`;
  return `Cursor API pool used up${until}; Auto and Composer still work (model "default" or "composer-…").`;
}

/** Cursor's own words for the user: title and detail when given, else the message. */
function userMessage(wire: WireError, title: string, detail: string): string {
  const fromDetails = [title, detail].filter(Boolean).join(': ');
  if (fromDetails) return fromDetails;
  if (wire.message) return wire.message;
  if (wire.code) return `Cursor error: ${wire.code}`;
  return `Cursor answered HTTP ${wire.httpStatus ?? 'error'}`;
}

/** `retry-after` is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

/**
 * A failure below Connect: socket, TLS or HTTP/2 error. Connection-level trouble is
 * `overloaded` (clients retry); anything else (e.g. a bad certificate) is `internal`.
 */
export function transportError(err: unknown): UpstreamError {
  const code = (err as { code?: unknown })?.code;
  const codeText = typeof code === 'string' ? code : 'unknown';
  const retryable = RETRYABLE_NETWORK_CODES.has(codeText) || codeText.startsWith('ERR_HTTP2_');
  const reason = err instanceof Error ? err.message : String(err);
  return new UpstreamError(retryable ? 'overloaded' : 'internal', `Connection to Cursor failed: ${reason}`, {
    wireCode: codeText,
  });
}

/** The response stream ended without Connect's end-of-stream frame (§5.1 step 8). */
export function lostConnectionError(detail: string): UpstreamError {
  return new UpstreamError('overloaded', `Connection to Cursor was lost before the response finished (${detail})`, {
    wireCode: 'missing_end_stream',
  });
}
