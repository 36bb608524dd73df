// Anthropic error JSON: `{type:"error", error:{type, message}, request_id}`.
import type { ApiError } from '../http/api-error.js';
import type { ErrorResponse } from '../http/dialect.js';
import { ERROR_STATUS } from '../http/error-status.js';

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id: string;
}

export function anthropicErrorBody(error: ApiError, requestId: string): AnthropicErrorBody {
  return {
    type: 'error',
    error: { type: ERROR_STATUS[error.kind].anthropicType, message: error.message },
    request_id: requestId,
  };
}

export function anthropicErrorResponse(error: ApiError, requestId: string): ErrorResponse {
  return { status: ERROR_STATUS[error.kind].anthropicStatus, body: anthropicErrorBody(error, requestId) };
}
