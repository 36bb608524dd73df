// Responses API errors. Before the stream: OpenAI's error JSON with OpenAI's statuses (one API
// family, one HTTP table: openai/errors.ts). Inside the stream: the `error` of a response.failed
// event, whose `code` decides what Codex does next — `context_length_exceeded` (the context
// window is full), `insufficient_quota` (stop), `invalid_prompt` (stop with the message),
// `server_is_overloaded` (retry later); any other code is retried. Retryable kinds never get
// here mid-stream (the turn driver drops the connection instead), so the codes below mostly
// tell Codex to stop, as the kind's retry trait says.
import type { ErrorKind } from '../events.js';
import type { ApiError } from '../http/api-error.js';

export { openaiErrorResponse as responsesErrorResponse } from '../openai/errors.js';

const FAILED_CODES: Readonly<Record<ErrorKind, string>> = {
  unauthenticated: 'invalid_prompt',
  rate_limited: 'rate_limit_exceeded',
  quota_exhausted: 'insufficient_quota',
  outdated_client: 'invalid_prompt',
  unknown_model: 'invalid_prompt',
  model_not_allowed: 'invalid_prompt',
  context_too_long: 'context_length_exceeded',
  overloaded: 'server_is_overloaded',
  timeout: 'server_error',
  invalid_request: 'invalid_prompt',
  forbidden: 'invalid_prompt',
  not_found: 'invalid_prompt',
  request_too_large: 'invalid_prompt',
  internal: 'server_error',
};

export function responsesFailure(error: ApiError): { code: string; message: string } {
  return { code: FAILED_CODES[error.kind], message: error.message };
}
