// The Anthropic Messages API as a Dialect of the shared HTTP machinery.
import type { Dialect } from '../http/dialect.js';
import { accumulateAnthropic } from './accumulate.js';
import { anthropicErrorResponse } from './errors.js';
import { parseAnthropicRequest } from './request.js';
import { createAnthropicStream } from './stream.js';

export const anthropicDialect: Dialect = {
  name: 'anthropic',
  parseRequest: parseAnthropicRequest,
  errorResponse: anthropicErrorResponse,
  createStream: createAnthropicStream,
  accumulate: accumulateAnthropic,
};
