// The one error type the HTTP layer answers with. Upstream failures (UpstreamError) and the
// gateway's own refusals (bad body, wrong key, forbidden Host) both become an ApiError; the
// status and wire shape per API come from each dialect's errors.ts.
import { UpstreamError, type ErrorKind } from '../events.js';

export class ApiError extends Error {
  readonly kind: ErrorKind;
  readonly retryAfterSeconds?: number;
  /** OpenAI `param`: the request field at fault, when known. */
  readonly param?: string;

  constructor(kind: ErrorKind, message: string, opts: { retryAfterSeconds?: number; param?: string } = {}) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.param = opts.param;
  }
}

/** A 400 for a request field; the message names the field the way Anthropic does (`messages.0.content`). */
export function invalidRequest(path: string, problem: string): ApiError {
  return new ApiError('invalid_request', path ? `${path}: ${problem}` : problem, { param: path || undefined });
}

/** Why the user sees this: context overflows must read "prompt is too long" (Claude Code compacts on it). */
function userMessage(error: UpstreamError): string {
  switch (error.kind) {
    case 'context_too_long':
      return /^prompt is too long/i.test(error.message) ? error.message : `prompt is too long: ${error.message}`;
    case 'unauthenticated':
      // Said the same way whatever refused it: Cursor, an expired environment token, a refused refresh.
      return /log in again/i.test(error.message)
        ? error.message
        : `${error.message} (Cursor did not accept the login: log in again with \`thalamus login\`, or set a fresh THALAMUS_CURSOR_TOKEN)`;
    case 'outdated_client':
      return (
        `${error.message} (Cursor rejected the client version Thalamus announces: ` +
        `set THALAMUS_CLIENT_VERSION to your installed Cursor version and restart Thalamus)`
      );
    default:
      return error.message;
  }
}

/** Anything thrown or yielded on the way to a response, as an ApiError. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof UpstreamError) {
    return new ApiError(error.kind, userMessage(error), { retryAfterSeconds: error.retryAfterSeconds });
  }
  return new ApiError('internal', error instanceof Error ? `internal error: ${error.message}` : 'internal error');
}
