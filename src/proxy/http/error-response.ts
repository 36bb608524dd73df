// Writes an ApiError as an HTTP response in the caller's API shape.
import type { ServerResponse } from 'node:http';
import type { ApiError } from './api-error.js';
import type { Dialect } from './dialect.js';
import { DEFAULT_RETRY_AFTER_SECONDS } from './error-status.js';

export function sendError(res: ServerResponse, dialect: Dialect, error: ApiError, requestId: string): void {
  const { status, body } = dialect.errorResponse(error, requestId);
  const retryAfter = error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS[error.kind];
  if (retryAfter !== undefined) res.setHeader('retry-after', String(Math.max(0, Math.ceil(retryAfter))));
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}
