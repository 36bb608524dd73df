// The Anthropic Messages API as a Dialect of the shared HTTP machinery.
import { countConversationTokens } from '../tokens/count-tokens.js';
import { sendJson } from '../http/api-routes.js';
import type { Dialect } from '../http/dialect.js';
import { accumulateAnthropic } from './accumulate.js';
import { anthropicErrorResponse } from './errors.js';
import { parseAnthropicRequest } from './request.js';
import { createAnthropicStream } from './stream.js';

export const anthropicDialect: Dialect = {
  name: 'anthropic',
  turnPath: '/v1/messages',
  mountRoutes(routes) {
    routes.post('/v1/messages/count_tokens', ({ body, header, res }) => {
      const { conversation } = parseAnthropicRequest(body, header);
      sendJson(res, 200, { input_tokens: countConversationTokens(conversation) });
    });
  },
  parseRequest: parseAnthropicRequest,
  errorResponse: anthropicErrorResponse,
  createStream: createAnthropicStream,
  accumulate: accumulateAnthropic,
};
