// Responses API errors. Before the stream they are OpenAI's error JSON with OpenAI's statuses
// (the same table as Chat Completions: one API family, one mapping); inside a stream they are
// the `error` of a response.failed event, whose `code` Codex reads (context_length_exceeded,
// insufficient_quota, rate_limit_exceeded, …).
import type { ApiError } from '../http/api-error.js';
import { openaiErrorBody } from '../openai/errors.js';

export { openaiErrorResponse as responsesErrorResponse } from '../openai/errors.js';

export function responsesFailure(error: ApiError): { code: string; message: string } {
  const { code, type, message } = openaiErrorBody(error).error;
  // Kinds with no OpenAI code (a bad request, an internal failure) are named by their type.
  return { code: code ?? type, message };
}
