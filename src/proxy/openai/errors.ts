// OpenAI error JSON: `{error:{message, type, code, param}}`.
import type { ApiError } from '../http/api-error.js';
import type { ErrorResponse } from '../http/dialect.js';
import { ERROR_STATUS } from '../http/error-status.js';

export interface OpenAIErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}

export function openaiErrorBody(error: ApiError): OpenAIErrorBody {
  const status = ERROR_STATUS[error.kind];
  return { error: { message: error.message, type: status.openaiType, code: status.openaiCode, param: error.param ?? null } };
}

export function openaiErrorResponse(error: ApiError): ErrorResponse {
  return { status: ERROR_STATUS[error.kind].openaiStatus, body: openaiErrorBody(error) };
}
