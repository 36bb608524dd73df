import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accumulateAnthropic } from '../../src/proxy/anthropic/accumulate.js';
import { createAnthropicStream } from '../../src/proxy/anthropic/stream.js';
import type { TurnEvent } from '../../src/proxy/events.js';
import { ApiError } from '../../src/proxy/http/api-error.js';
import type { TurnContext } from '../../src/proxy/http/dialect.js';
import { validateAnthropicSse, type AnthropicSseEvent } from '../helpers/anthropic-sse-validator.js';

const context: TurnContext = { clientModel: 'claude-opus-5-5', estimatedInputTokens: 42, includeUsage: false };
const end = (reason: 'end_turn' | 'tool_use' | 'max_tokens' = 'end_turn', outputTokens = 7): TurnEvent => ({
  type: 'end',
  reason,
  usage: { inputTokens: 0, outputTokens },
});

function encode(events: TurnEvent[]): string {
  const stream = createAnthropicStream(context);
  return stream.open() + events.map((event) => stream.push(event)).join('');
}

/** Event types with the block type or delta type, for compact order assertions. */
function shape(events: AnthropicSseEvent[]): string[] {
  return events.map((event) => {
    if (event.type === 'content_block_start') return `start:${(event.content_block as { type: string }).type}`;
    if (event.type === 'content_block_delta') return `delta:${(event.delta as { type: string }).type}`;
    return event.type;
  });
}

describe('Anthropic SSE encoder', () => {
  it('streams text as one block with the client model and usage', () => {
    const { events, ending } = validateAnthropicSse(encode([{ type: 'text', text: 'Hel' }, { type: 'text', text: 'lo' }, end()]));
    assert.equal(ending, 'message_stop');
    assert.deepEqual(shape(events), ['message_start', 'start:text', 'delta:text_delta', 'delta:text_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    const start = events[0] as { message: { model: string; usage: { input_tokens: number } } };
    assert.equal(start.message.model, 'claude-opus-5-5');
    assert.equal(start.message.usage.input_tokens, 42);
    assert.deepEqual(events[5], {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: 42, output_tokens: 7 },
    });
  });

  it('closes thinking with a signature before the text block opens', () => {
    const { events } = validateAnthropicSse(
      encode([{ type: 'thinking', text: 'hmm' }, { type: 'thinking', text: '…' }, { type: 'text', text: 'ok' }, end()]),
    );
    assert.deepEqual(shape(events), [
      'message_start',
      'start:thinking',
      'delta:thinking_delta',
      'delta:thinking_delta',
      'delta:signature_delta',
      'content_block_stop',
      'start:text',
      'delta:text_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    assert.equal((events[1] as { index: number }).index, 0);
    assert.equal((events[6] as { index: number }).index, 1);
  });

  it('streams a tool call as start with empty input, one input_json_delta, stop', () => {
    const { events } = validateAnthropicSse(
      encode([{ type: 'text', text: 'Let me look.' }, { type: 'tool_call', id: 'toolu_1', name: 'Read', arguments: '{"file_path":"/a"}' }, end('tool_use')]),
    );
    assert.deepEqual(shape(events), [
      'message_start',
      'start:text',
      'delta:text_delta',
      'content_block_stop',
      'start:tool_use',
      'delta:input_json_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    assert.deepEqual(events[4], { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} } });
    assert.deepEqual(events[5], { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"file_path":"/a"}' } });
    assert.equal((events[7] as { delta: { stop_reason: string } }).delta.stop_reason, 'tool_use');
  });

  it('gives parallel tool calls their own contiguous blocks', () => {
    const { events } = validateAnthropicSse(
      encode([
        { type: 'tool_call', id: 'toolu_a', name: 'Bash', arguments: '{"command":"ls"}' },
        { type: 'tool_call', id: 'toolu_b', name: 'Bash', arguments: '' },
        end('tool_use'),
      ]),
    );
    const starts = events.filter((event) => event.type === 'content_block_start') as Array<{ index: number; content_block: { id: string } }>;
    assert.deepEqual(starts.map((start) => [start.index, start.content_block.id]), [[0, 'toolu_a'], [1, 'toolu_b']]);
    // Empty arguments still make a valid (empty) input object.
    assert.deepEqual(events.find((event) => event.type === 'content_block_delta' && event.index === 1), {
      type: 'content_block_delta',
      index: 1,
      delta: { type: 'input_json_delta', partial_json: '{}' },
    });
  });

  it('reports max_tokens and prefers Cursor usage over the estimate', () => {
    const { events } = validateAnthropicSse(
      encode([{ type: 'usage', usage: { inputTokens: 900 } }, { type: 'text', text: 'cut' }, { type: 'end', reason: 'max_tokens', usage: { inputTokens: 0, outputTokens: 3 } }]),
    );
    assert.deepEqual(events.at(-2), { type: 'message_delta', delta: { stop_reason: 'max_tokens', stop_sequence: null }, usage: { input_tokens: 900, output_tokens: 3 } });
  });

  it('shows no content for builtin_rejected or empty deltas', () => {
    const { events } = validateAnthropicSse(
      encode([{ type: 'builtin_rejected', tool: 'shell', detail: 'x' }, { type: 'text', text: '' }, { type: 'text', text: 'a' }, end()]),
    );
    assert.deepEqual(shape(events), ['message_start', 'start:text', 'delta:text_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  });

  it('ends a failed stream with an error event in Anthropic shape', () => {
    const stream = createAnthropicStream(context);
    const raw =
      stream.open() +
      stream.push({ type: 'text', text: 'partial' }) +
      stream.keepAlive() +
      stream.fail(new ApiError('overloaded', 'Cursor is at capacity'), 'req_1');
    const { events, ending } = validateAnthropicSse(raw);
    assert.equal(ending, 'error');
    assert.deepEqual(events.at(-1), { type: 'error', error: { type: 'overloaded_error', message: 'Cursor is at capacity' }, request_id: 'req_1' });
    assert.ok(events.some((event) => event.type === 'ping'));
  });
});

describe('Anthropic SSE validator', () => {
  it('rejects a thinking block without signature_delta', () => {
    const raw = encode([{ type: 'thinking', text: 'x' }, end()]).replace(/event: content_block_delta\ndata: \{[^\n]*signature_delta[^\n]*\n\n/, '');
    assert.throws(() => validateAnthropicSse(raw), /signature_delta/);
  });

  it('rejects a stream cut before message_stop', () => {
    const raw = encode([{ type: 'text', text: 'x' }]);
    assert.throws(() => validateAnthropicSse(raw), /ended without/);
  });

  it('rejects a delta for a block that is not open', () => {
    const raw = encode([{ type: 'text', text: 'x' }, end()]).replace('"index":0,"delta"', '"index":3,"delta"');
    assert.throws(() => validateAnthropicSse(raw), /not open/);
  });
});

describe('Anthropic accumulate', () => {
  it('folds a turn into one message with merged text, thinking, parsed tool input', () => {
    const message = accumulateAnthropic(
      [
        { type: 'thinking', text: 'plan' },
        { type: 'text', text: 'Hi ' },
        { type: 'text', text: 'there' },
        { type: 'tool_call', id: 'toolu_9', name: 'Write', arguments: '{"file_path":"/x","content":"y"}' },
        end('tool_use', 11),
      ],
      context,
    );
    assert.match(message.id, /^msg_/);
    assert.equal(message.type, 'message');
    assert.equal(message.model, 'claude-opus-5-5');
    assert.equal(message.stop_reason, 'tool_use');
    assert.deepEqual(message.usage, { input_tokens: 42, output_tokens: 11 });
    assert.equal(message.content.length, 3);
    assert.equal(message.content[0]!.type, 'thinking');
    assert.equal((message.content[0] as { thinking: string }).thinking, 'plan');
    assert.ok((message.content[0] as { signature: string }).signature.length > 0);
    assert.deepEqual(message.content[1], { type: 'text', text: 'Hi there' });
    assert.deepEqual(message.content[2], { type: 'tool_use', id: 'toolu_9', name: 'Write', input: { file_path: '/x', content: 'y' } });
  });
});
