// The OpenAI Responses API (Codex's only wire) as a Dialect of the shared HTTP machinery, with
// its store of responses for previous_response_id and GET /v1/responses/{id}.
import { ApiError } from '../http/api-error.js';
import { sendJson } from '../http/api-routes.js';
import type { Dialect } from '../http/dialect.js';
import { accumulateResponses } from './accumulate.js';
import { responsesErrorResponse } from './errors.js';
import { parseResponsesRequest, type ResponsesRequest } from './request.js';
import { ResponseStore } from './store.js';
import { createResponsesStream } from './stream.js';
import type { ResponseObject } from './wire.js';

export function createResponsesDialect(store = new ResponseStore()): Dialect<ResponsesRequest> {
  const keep = (request: ResponsesRequest, response: ResponseObject) => {
    if (request.echo.store) store.save(response, request.inputMessages);
  };
  return {
    name: 'responses',
    turnPath: '/v1/responses',
    mountRoutes(routes) {
      routes.get('/v1/responses/:id', ({ params, res }) => {
        const response = store.get(params.id!);
        if (!response) throw new ApiError('not_found', `response ${params.id} is not stored here (made with store:false, by another gateway run, or forgotten to stay within memory)`);
        sendJson(res, 200, response);
      });
    },
    parseRequest: (body) => parseResponsesRequest(body, (id) => store.history(id)),
    errorResponse: (error) => responsesErrorResponse(error),
    createStream: (context, request) => createResponsesStream(context, request, (response) => keep(request, response)),
    accumulate(events, context, request) {
      const response = accumulateResponses(events, context, request);
      if (response.status !== 'in_progress') keep(request, response);
      return response;
    },
  };
}
