// OpenAI error JSON (`{error:{message, type, code, param}}`) and the status, type and code for
// every error kind, as OpenAI's own API answers (OpenAI has no 529).
import type { ApiError } from '../http/api-error.js';
import type { ErrorResponse } from '../http/dialect.js';
import type { ErrorStatusTable } from '../http/error-status.js';

export const OPENAI_ERRORS: ErrorStatusTable = {
  unauthenticated: { status: 401, type: 'invalid_request_error', code: 'invalid_api_key' },
  rate_limited: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  quota_exhausted: { status: 429, type: 'insufficient_quota', code: 'insufficient_quota' },
  outdated_client: { status: 400, type: 'invalid_request_error', code: 'outdated_client' },
  unknown_model: { status: 404, type: 'invalid_request_error', code: 'model_not_found' },
  model_not_allowed: { status: 403, type: 'invalid_request_error', code: 'model_not_allowed' },
  context_too_long: { status: 400, type: 'invalid_request_error', code: 'context_length_exceeded' },
  overloaded: { status: 503, type: 'server_error', code: 'overloaded' },
  timeout: { status: 504, type: 'server_error', code: 'timeout' },
  invalid_request: { status: 400, type: 'invalid_request_error', code: null },
  forbidden: { status: 403, type: 'invalid_request_error', code: 'forbidden' },
  not_found: { status: 404, type: 'invalid_request_error', code: 'not_found' },
  request_too_large: { status: 413, type: 'invalid_request_error', code: 'request_too_large' },
  internal: { status: 500, type: 'server_error', code: null },
};

export interface OpenAIErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}

export function openaiErrorBody(error: ApiError): OpenAIErrorBody {
  const { type, code } = OPENAI_ERRORS[error.kind];
  return { error: { message: error.message, type, code, param: error.param ?? null } };
}

export function openaiErrorResponse(error: ApiError): ErrorResponse {
  return { status: OPENAI_ERRORS[error.kind].status, body: openaiErrorBody(error) };
}
