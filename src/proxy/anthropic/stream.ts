// TurnEvents → Anthropic streaming events, in the exact order Anthropic sends them:
// message_start, then per block content_block_start / *_delta / content_block_stop,
// then message_delta and message_stop.
import { randomBytes } from 'node:crypto';
import type { TurnEvent } from '../events.js';
import type { ApiError } from '../http/api-error.js';
import type { StreamEncoder, TurnContext } from '../http/dialect.js';
import { newId } from '../http/ids.js';
import { UsageTally } from '../http/usage-tally.js';
import { sseEvent } from '../http/sse.js';
import { anthropicErrorBody } from './errors.js';
import type { AnthropicContentBlock, AnthropicStreamEvent, AnthropicUsage } from './wire.js';

type OpenBlock = { index: number; type: 'text' | 'thinking' };

export class AnthropicEventEncoder {
  private readonly messageId = newId('msg_');
  private readonly usage: UsageTally;
  private openBlock: OpenBlock | undefined;
  private nextIndex = 0;
  private webSearchRequests = 0;

  constructor(private readonly context: TurnContext) {
    this.usage = new UsageTally(context.estimatedInputTokens);
  }

  start(): AnthropicStreamEvent[] {
    return [
      {
        type: 'message_start',
        message: {
          id: this.messageId,
          type: 'message',
          role: 'assistant',
          model: this.context.clientModel,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: this.usage.inputTokens, output_tokens: 0 },
        },
      },
    ];
  }

  push(event: TurnEvent): AnthropicStreamEvent[] {
    switch (event.type) {
      case 'text':
        return event.text ? this.appendTo('text', { type: 'text_delta', text: event.text }) : [];
      case 'thinking':
        return event.text ? this.appendTo('thinking', { type: 'thinking_delta', thinking: event.text }) : [];
      case 'tool_call': {
        const index = this.nextIndex++;
        return [
          ...this.closeBlock(),
          { type: 'content_block_start', index, content_block: { type: 'tool_use', id: event.id, name: event.name, input: {} } },
          { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: event.arguments || '{}' } },
          { type: 'content_block_stop', index },
        ];
      }
      case 'web_search':
        return this.webSearch(event);
      case 'usage':
        this.usage.record(event.usage);
        return [];
      case 'end': {
        this.usage.record(event.usage);
        const usage: AnthropicUsage = { input_tokens: this.usage.inputTokens, output_tokens: this.usage.outputTokens };
        if (this.webSearchRequests > 0) usage.server_tool_use = { web_search_requests: this.webSearchRequests };
        return [
          ...this.closeBlock(),
          { type: 'message_delta', delta: { stop_reason: event.reason, stop_sequence: null }, usage },
          { type: 'message_stop' },
        ];
      }
      case 'run':
      case 'interaction':
      case 'builtin_rejected':
      case 'error':
        // Not content: the turn driver logs rejections and writes failures.
        return [];
    }
  }

  /**
   * A search as Anthropic streams one (claude-code.md §10.3): server_tool_use whose input comes
   * as one input_json_delta, then web_search_tool_result with every hit in its start event.
   */
  private webSearch(event: Extract<TurnEvent, { type: 'web_search' }>): AnthropicStreamEvent[] {
    const id = newId('srvtoolu_');
    const outcome = event.outcome;
    if (!('errorCode' in outcome) || outcome.errorCode !== 'max_uses_exceeded') this.webSearchRequests++;
    const content: Extract<AnthropicContentBlock, { type: 'web_search_tool_result' }>['content'] =
      'hits' in outcome
        ? outcome.hits.map((hit) => ({ type: 'web_search_result', url: hit.url, title: hit.title, encrypted_content: hit.snippet }))
        : { type: 'web_search_tool_result_error', error_code: outcome.errorCode };
    const use = this.nextIndex++;
    const result = this.nextIndex++;
    return [
      ...this.closeBlock(),
      { type: 'content_block_start', index: use, content_block: { type: 'server_tool_use', id, name: 'web_search', input: {} } },
      { type: 'content_block_delta', index: use, delta: { type: 'input_json_delta', partial_json: JSON.stringify({ query: event.query }) } },
      { type: 'content_block_stop', index: use },
      { type: 'content_block_start', index: result, content_block: { type: 'web_search_tool_result', tool_use_id: id, content } },
      { type: 'content_block_stop', index: result },
    ];
  }

  private appendTo(
    type: OpenBlock['type'],
    delta: Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>['delta'],
  ): AnthropicStreamEvent[] {
    const events: AnthropicStreamEvent[] = [];
    if (this.openBlock?.type !== type) {
      events.push(...this.closeBlock());
      const index = this.nextIndex++;
      this.openBlock = { index, type };
      events.push({
        type: 'content_block_start',
        index,
        content_block: type === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' },
      });
    }
    events.push({ type: 'content_block_delta', index: this.openBlock!.index, delta });
    return events;
  }

  private closeBlock(): AnthropicStreamEvent[] {
    const block = this.openBlock;
    if (!block) return [];
    this.openBlock = undefined;
    const events: AnthropicStreamEvent[] = [];
    if (block.type === 'thinking') {
      // Clients keep thinking blocks only with a signature; Cursor has none, so any opaque value does.
      events.push({ type: 'content_block_delta', index: block.index, delta: { type: 'signature_delta', signature: thinkingSignature() } });
    }
    events.push({ type: 'content_block_stop', index: block.index });
    return events;
  }
}

function thinkingSignature(): string {
  return randomBytes(24).toString('base64');
}

function frames(events: AnthropicStreamEvent[]): string {
  return events.map((event) => sseEvent(event.type, event)).join('');
}

export function createAnthropicStream(context: TurnContext): StreamEncoder {
  const encoder = new AnthropicEventEncoder(context);
  return {
    open: () => frames(encoder.start()),
    push: (event) => frames(encoder.push(event)),
    fail: (error: ApiError, requestId: string) => sseEvent('error', anthropicErrorBody(error, requestId)),
    keepAlive: () => frames([{ type: 'ping' }]),
  };
}
