// TurnEvents → OpenAI Responses streaming events, in the order codex-cli.md §3 gives:
// response.created, response.in_progress, then per output item output_item.added, its parts
// and deltas, their .done events and output_item.done, and last response.completed
// (response.incomplete at the output limit; response.failed for an error). Every event carries
// the next sequence_number; items are numbered by output_index and have their own ids. A web
// search Cursor ran is a web_search_call item (in_progress, searching, completed events).
import type { StopReason, TurnEvent } from '../events.js';
import type { ApiError } from '../http/api-error.js';
import type { StreamEncoder, TurnContext } from '../http/dialect.js';
import { newId } from '../http/ids.js';
import { SSE_COMMENT_KEEPALIVE, sseEvent } from '../http/sse.js';
import { UsageTally } from '../http/usage-tally.js';
import { responsesFailure } from './errors.js';
import type { ResponsesRequest } from './request.js';
import type { OutputItem, ResponseObject, ResponseStreamEvent, WebSearchAction } from './wire.js';

type OpenItem =
  | { kind: 'message'; index: number; id: string; text: string }
  | { kind: 'reasoning'; index: number; id: string; text: string };

type Fields = Record<string, unknown>;

export class ResponsesEventEncoder {
  readonly response: ResponseObject;
  private readonly usage: UsageTally;
  private sequence = 0;
  private open: OpenItem | undefined;

  constructor(
    context: TurnContext,
    private readonly request: ResponsesRequest,
  ) {
    this.usage = new UsageTally(context.estimatedInputTokens);
    this.response = {
      id: newId('resp_'),
      object: 'response',
      created_at: Math.floor(Date.now() / 1000),
      status: 'in_progress',
      error: null,
      incomplete_details: null,
      model: context.clientModel,
      output: [],
      temperature: null,
      top_p: null,
      truncation: 'disabled',
      usage: null,
      ...request.echo,
    };
  }

  start(): ResponseStreamEvent[] {
    return [this.event('response.created', { response: this.snapshot() }), this.event('response.in_progress', { response: this.snapshot() })];
  }

  push(event: TurnEvent): ResponseStreamEvent[] {
    switch (event.type) {
      case 'text':
        return event.text ? this.append('message', event.text) : [];
      case 'thinking':
        return event.text ? this.append('reasoning', event.text) : [];
      case 'tool_call':
        return [...this.closeItem(), ...this.functionCall(event.id, event.name, event.arguments || '{}')];
      case 'web_search':
        return [...this.closeItem(), ...this.webSearchCall(event)];
      case 'usage':
        this.usage.record(event.usage);
        return [];
      case 'end':
        this.usage.record(event.usage);
        return [...this.closeItem(), this.finish(event.reason)];
      default:
        // Errors are written by the turn driver; refusals and other informational events show nothing here.
        return [];
    }
  }

  /** The terminal event of a failed stream. */
  fail(error: ApiError): ResponseStreamEvent {
    this.response.status = 'failed';
    this.response.error = responsesFailure(error);
    return this.event('response.failed', { response: this.snapshot() });
  }

  private append(kind: OpenItem['kind'], delta: string): ResponseStreamEvent[] {
    const events: ResponseStreamEvent[] = [];
    if (this.open?.kind !== kind) {
      events.push(...this.closeItem());
      events.push(...(kind === 'message' ? this.openMessage() : this.openReasoning()));
    }
    const item = this.open!;
    item.text += delta;
    const where = { item_id: item.id, output_index: item.index };
    events.push(
      kind === 'message'
        ? this.event('response.output_text.delta', { ...where, content_index: 0, delta, logprobs: [] })
        : this.event('response.reasoning_summary_text.delta', { ...where, summary_index: 0, delta }),
    );
    return events;
  }

  private openMessage(): ResponseStreamEvent[] {
    const item: OpenItem = { kind: 'message', index: this.response.output.length, id: newId('msg_'), text: '' };
    this.open = item;
    const added: OutputItem = { id: item.id, type: 'message', role: 'assistant', status: 'in_progress', content: [] };
    this.response.output.push(added);
    return [
      this.event('response.output_item.added', { output_index: item.index, item: structuredClone(added) }),
      this.event('response.content_part.added', { item_id: item.id, output_index: item.index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }),
    ];
  }

  private openReasoning(): ResponseStreamEvent[] {
    const item: OpenItem = { kind: 'reasoning', index: this.response.output.length, id: newId('rs_'), text: '' };
    this.open = item;
    const added: OutputItem = { id: item.id, type: 'reasoning', summary: [] };
    this.response.output.push(added);
    return [
      this.event('response.output_item.added', { output_index: item.index, item: structuredClone(added) }),
      this.event('response.reasoning_summary_part.added', { item_id: item.id, output_index: item.index, summary_index: 0, part: { type: 'summary_text', text: '' } }),
    ];
  }

  private closeItem(): ResponseStreamEvent[] {
    const item = this.open;
    if (!item) return [];
    this.open = undefined;
    const where = { item_id: item.id, output_index: item.index };
    if (item.kind === 'message') {
      const part = { type: 'output_text' as const, text: item.text, annotations: [] as [] };
      const done: OutputItem = { id: item.id, type: 'message', role: 'assistant', status: 'completed', content: [part] };
      this.response.output[item.index] = done;
      return [
        this.event('response.output_text.done', { ...where, content_index: 0, text: item.text, logprobs: [] }),
        this.event('response.content_part.done', { ...where, content_index: 0, part: structuredClone(part) }),
        this.event('response.output_item.done', { output_index: item.index, item: structuredClone(done) }),
      ];
    }
    const part = { type: 'summary_text' as const, text: item.text };
    const done: OutputItem = { id: item.id, type: 'reasoning', summary: [part] };
    this.response.output[item.index] = done;
    return [
      this.event('response.reasoning_summary_text.done', { ...where, summary_index: 0, text: item.text }),
      this.event('response.reasoning_summary_part.done', { ...where, summary_index: 0, part: structuredClone(part) }),
      this.event('response.output_item.done', { output_index: item.index, item: structuredClone(done) }),
    ];
  }

  private functionCall(callId: string, cursorName: string, args: string): ResponseStreamEvent[] {
    const index = this.response.output.length;
    const id = newId('fc_');
    // A namespaced tool goes back under its own name and namespace.
    const client = this.request.toolNames.get(cursorName) ?? { name: cursorName };
    const named = client.namespace === undefined ? { name: client.name } : { name: client.name, namespace: client.namespace };
    const done: OutputItem = { id, type: 'function_call', call_id: callId, ...named, arguments: args, status: 'completed' };
    this.response.output.push(done);
    return [
      this.event('response.output_item.added', { output_index: index, item: { ...done, arguments: '', status: 'in_progress' } }),
      this.event('response.function_call_arguments.delta', { item_id: id, output_index: index, delta: args }),
      this.event('response.function_call_arguments.done', { item_id: id, output_index: index, ...named, arguments: args }),
      this.event('response.output_item.done', { output_index: index, item: structuredClone(done) }),
    ];
  }

  /**
   * Cursor reports a search once it is over, so the item's whole life is written at once. A failed
   * search has no `.completed` event: the item is done with status `failed`.
   */
  private webSearchCall({ query, outcome }: Extract<TurnEvent, { type: 'web_search' }>): ResponseStreamEvent[] {
    const index = this.response.output.length;
    const id = newId('ws_');
    const action: WebSearchAction = { type: 'search', query };
    const failed = !('hits' in outcome);
    if (!failed && this.request.webSearchSources) action.sources = outcome.hits.map((hit) => ({ type: 'url', url: hit.url }));
    const done: OutputItem = { id, type: 'web_search_call', status: failed ? 'failed' : 'completed', action };
    this.response.output.push(done);
    const where = { item_id: id, output_index: index };
    return [
      this.event('response.output_item.added', { output_index: index, item: { id, type: 'web_search_call', status: 'in_progress', action: { type: 'search', query } } }),
      this.event('response.web_search_call.in_progress', where),
      this.event('response.web_search_call.searching', where),
      ...(failed ? [] : [this.event('response.web_search_call.completed', where)]),
      this.event('response.output_item.done', { output_index: index, item: structuredClone(done) }),
    ];
  }

  private finish(reason: StopReason): ResponseStreamEvent {
    const { inputTokens, outputTokens } = this.usage;
    this.response.usage = {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens + outputTokens,
    };
    if (reason === 'max_tokens') {
      this.response.status = 'incomplete';
      this.response.incomplete_details = { reason: 'max_output_tokens' };
      return this.event('response.incomplete', { response: this.snapshot() });
    }
    this.response.status = 'completed';
    return this.event('response.completed', { response: this.snapshot() });
  }

  private snapshot(): ResponseObject {
    return structuredClone(this.response);
  }

  private event(type: string, fields: Fields): ResponseStreamEvent {
    return { type, sequence_number: this.sequence++, ...fields };
  }
}

function frames(events: ResponseStreamEvent[]): string {
  return events.map((event) => sseEvent(event.type, event)).join('');
}

/** `onFinished` receives the final response (completed or incomplete): the dialect stores it. */
export function createResponsesStream(context: TurnContext, request: ResponsesRequest, onFinished: (response: ResponseObject) => void): StreamEncoder {
  const encoder = new ResponsesEventEncoder(context, request);
  return {
    open: () => frames(encoder.start()),
    push: (event) => {
      const out = frames(encoder.push(event));
      if (event.type === 'end') onFinished(encoder.response);
      return out;
    },
    fail: (error) => frames([encoder.fail(error)]),
    keepAlive: () => SSE_COMMENT_KEEPALIVE,
  };
}
