// TurnEvents → one Responses object (non-streaming). The stream encoder builds the response as
// it goes, so the streamed and the non-streamed answer can never disagree.
import type { TurnEvent } from '../events.js';
import type { TurnContext } from '../http/dialect.js';
import type { ResponsesRequest } from './request.js';
import { ResponsesEventEncoder } from './stream.js';
import type { ResponseObject } from './wire.js';

export function accumulateResponses(events: TurnEvent[], context: TurnContext, request: ResponsesRequest): ResponseObject {
  const encoder = new ResponsesEventEncoder(context, request);
  encoder.start();
  for (const event of events) encoder.push(event);
  return encoder.response;
}
