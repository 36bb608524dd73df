// The OpenAI Responses API (Codex's only wire) as a Dialect of the shared HTTP machinery, with
// its store of responses behind previous_response_id, item_reference and the routes of stored
// responses: GET and DELETE /v1/responses/{id}, GET /v1/responses/{id}/input_items.
import { queryOf, sendJson } from '../http/api-routes.js';
import type { Dialect } from '../http/dialect.js';
import { accumulateResponses } from './accumulate.js';
import { responsesErrorResponse } from './errors.js';
import { listItems } from './item-list.js';
import { parseResponsesRequest, type ResponsesRequest } from './request.js';
import { ResponseStore, responseNotStored } from './store.js';
import { createResponsesStream } from './stream.js';
import type { ResponseObject } from './wire.js';

export function createResponsesDialect(store = new ResponseStore()): Dialect<ResponsesRequest> {
  const keep = (request: ResponsesRequest, response: ResponseObject) => {
    if (request.echo.store) store.save(response, request.inputItems);
  };
  return {
    name: 'responses',
    turnPath: '/v1/responses',
    mountRoutes(routes) {
      routes.get('/v1/responses/:id', ({ params, res }) => {
        const response = store.get(params.id!);
        if (!response) throw responseNotStored(params.id!);
        sendJson(res, 200, response);
      });
      routes.delete('/v1/responses/:id', ({ params, res }) => {
        if (!store.remove(params.id!)) throw responseNotStored(params.id!);
        sendJson(res, 200, { id: params.id, object: 'response', deleted: true });
      });
      routes.get('/v1/responses/:id/input_items', ({ params, req, res }) => {
        const items = store.inputItems(params.id!);
        if (!items) throw responseNotStored(params.id!);
        sendJson(res, 200, listItems(items, queryOf(req.url)));
      });
    },
    parseRequest: (body) => parseResponsesRequest(body, store),
    errorResponse: (error) => responsesErrorResponse(error),
    createStream: (context, request) => createResponsesStream(context, request, (response) => keep(request, response)),
    accumulate(events, context, request) {
      const response = accumulateResponses(events, context, request);
      if (response.status !== 'in_progress') keep(request, response);
      return response;
    },
  };
}
