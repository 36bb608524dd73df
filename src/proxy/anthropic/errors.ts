// Anthropic error JSON (`{type:"error", error:{type, message}, request_id}`) and the status for
// every error kind, as Anthropic's own API answers and Claude Code acts on it.
import type { ApiError } from '../http/api-error.js';
import type { ErrorResponse } from '../http/dialect.js';
import type { ErrorStatusTable } from '../http/error-status.js';

export const ANTHROPIC_ERRORS: ErrorStatusTable = {
  unauthenticated: { status: 401, type: 'authentication_error', code: null },
  // Claude Code retries 429 honouring retry-after.
  rate_limited: { status: 429, type: 'rate_limit_error', code: null },
  quota_exhausted: { status: 429, type: 'rate_limit_error', code: null },
  outdated_client: { status: 400, type: 'invalid_request_error', code: null },
  // Anthropic answers an unknown model with 404 not_found_error; Claude Code then suggests /model.
  unknown_model: { status: 404, type: 'not_found_error', code: null },
  model_not_allowed: { status: 403, type: 'permission_error', code: null },
  // The message starts "prompt is too long" (api-error.ts): Claude Code compacts on it.
  context_too_long: { status: 400, type: 'invalid_request_error', code: null },
  // Variant: Anthropic's own 529 (Claude Code retries it, with its own cap of 3).
  overloaded: { status: 529, type: 'overloaded_error', code: null },
  timeout: { status: 504, type: 'timeout_error', code: null },
  invalid_request: { status: 400, type: 'invalid_request_error', code: null },
  forbidden: { status: 403, type: 'permission_error', code: null },
  not_found: { status: 404, type: 'not_found_error', code: null },
  request_too_large: { status: 413, type: 'request_too_large', code: null },
  internal: { status: 500, type: 'api_error', code: null },
};

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id: string;
}

export function anthropicErrorBody(error: ApiError, requestId: string): AnthropicErrorBody {
  return { type: 'error', error: { type: ANTHROPIC_ERRORS[error.kind].type, message: error.message }, request_id: requestId };
}

export function anthropicErrorResponse(error: ApiError, requestId: string): ErrorResponse {
  return { status: ANTHROPIC_ERRORS[error.kind].status, body: anthropicErrorBody(error, requestId) };
}
