// The one place where Cursor's wire failures become UpstreamError kinds (src/proxy/events.ts):
// Connect code + message + aiserver.v1.ErrorDetails enum + HTTP status.
import { type ErrorDetails, ErrorDetails_Error } from '../../gen/aiserver/v1/error_details_pb.js';
import { type ErrorKind, UpstreamError } from '../events.js';

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

const UNAUTHENTICATED_DETAILS = new Set([
  ErrorDetails_Error.NOT_LOGGED_IN,
  ErrorDetails_Error.AUTH_TOKEN_EXPIRED,
  ErrorDetails_Error.UNAUTHORIZED,
  ErrorDetails_Error.BAD_USER_API_KEY,
]);
const RATE_LIMIT_DETAILS = new Set([
  ErrorDetails_Error.PRO_USER_RATE_LIMIT_EXCEEDED,
  ErrorDetails_Error.GENERIC_RATE_LIMIT_EXCEEDED,
  ErrorDetails_Error.RATE_LIMITED,
]);

const OUTDATED_TEXT = /update required|outdated/;
const BAD_MODEL_TEXT = /model\b.*\b(not valid|invalid|not found|not available|unknown|not supported|does not exist)|(invalid|unknown) model/;
const QUOTA_TEXT = /usage limit|monthly limit|spend limit|quota/;
const CONTEXT_TEXT = /context (length|window)|(prompt|conversation|input|message)s? (is |are )?too long|too many tokens|tokens? exceed|exceeds? .*tokens/;
const RATE_LIMIT_TEXT = /rate limit|too many requests/;

/**
 * Ordered rules; the first match wins. Plain `resource_exhausted` with no other signal is
 * read as a rate limit (it is also how Cursor reports throttling), after the quota and
 * context wordings had their chance.
 */
const RULES: Array<{ kind: ErrorKind; matches: (e: Signals) => boolean }> = [
  {
    kind: 'unauthenticated',
    matches: (e) => e.code === 'unauthenticated' || e.httpStatus === 401 || has(e, UNAUTHENTICATED_DETAILS),
  },
  { kind: 'outdated_client', matches: (e) => e.detail === ErrorDetails_Error.OUTDATED_CLIENT || OUTDATED_TEXT.test(e.text) },
  { kind: 'bad_model', matches: (e) => e.detail === ErrorDetails_Error.BAD_MODEL_NAME || BAD_MODEL_TEXT.test(e.text) },
  { kind: 'quota_exhausted', matches: (e) => e.detail === ErrorDetails_Error.PRO_USER_USAGE_LIMIT || QUOTA_TEXT.test(e.text) },
  {
    kind: 'context_too_long',
    matches: (e) => e.detail === ErrorDetails_Error.CONVERSATION_TOO_LONG || CONTEXT_TEXT.test(e.text),
  },
  {
    kind: 'rate_limited',
    matches: (e) =>
      has(e, RATE_LIMIT_DETAILS) ||
      e.httpStatus === 429 ||
      e.code === 'resource_exhausted' ||
      e.detail === ErrorDetails_Error.RESOURCE_EXHAUSTED ||
      RATE_LIMIT_TEXT.test(e.text),
  },
  {
    kind: 'overloaded',
    matches: (e) =>
      e.code === 'unavailable' || e.code === 'deadline_exceeded' || [502, 503, 504].includes(e.httpStatus ?? 0),
  },
];

interface Signals {
  code?: string;
  httpStatus?: number;
  detail?: ErrorDetails_Error;
  /** Lower-case message, title and detail, for the wording rules. */
  text: string;
}

function has(e: Signals, set: Set<ErrorDetails_Error>): boolean {
  return e.detail !== undefined && set.has(e.detail);
}

export function classifyWireError(wire: WireError): UpstreamError {
  const details = wire.details?.[0];
  const title = details?.details?.title ?? '';
  const detail = details?.details?.detail ?? '';
  const signals: Signals = {
    code: wire.code,
    httpStatus: wire.httpStatus,
    detail: details?.error || undefined,
    text: [wire.message, title, detail].join(' ').toLowerCase(),
  };
  const kind = RULES.find((rule) => rule.matches(signals))?.kind ?? 'internal';
  return new UpstreamError(kind, userMessage(wire, title, detail), {
    // Only Cursor's own value; the HTTP layer (http/error-status.ts) owns the defaults.
    retryAfterSeconds: parseRetryAfter(wire.retryAfter),
    wireCode: wire.code ?? (wire.httpStatus === undefined ? undefined : `http_${wire.httpStatus}`),
  });
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
