// The OpenAI Chat Completions API as a Dialect of the shared HTTP machinery.
import type { Dialect } from '../http/dialect.js';
import { accumulateOpenAI } from './accumulate.js';
import { openaiErrorResponse } from './errors.js';
import { parseOpenAIRequest } from './request.js';
import { createOpenAIStream } from './stream.js';

export const openaiDialect: Dialect = {
  name: 'openai',
  turnPath: '/v1/chat/completions',
  parseRequest: (body) => parseOpenAIRequest(body),
  errorResponse: (error) => openaiErrorResponse(error),
  createStream: createOpenAIStream,
  accumulate: accumulateOpenAI,
};
