// A strict checker of an Anthropic Messages SSE stream: every event's name, JSON shape and
// place in the order Anthropic itself follows. Returns the events for further assertions.
import assert from 'node:assert/strict';
import type { AnthropicErrorBody } from '../../src/proxy/anthropic/errors.js';
import type { AnthropicStreamEvent } from '../../src/proxy/anthropic/wire.js';
import { assertKeys, isCount, parseJson, parseSseFrames } from './sse-parse.js';

/** Typed after the checks below have held. */
export type AnthropicSseEvent = AnthropicStreamEvent | AnthropicErrorBody;

const STOP_REASONS = ['end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'pause_turn', 'refusal'];
const DELTA_FOR_BLOCK: Record<string, string[]> = {
  text: ['text_delta'],
  thinking: ['thinking_delta', 'signature_delta'],
  tool_use: ['input_json_delta'],
};

export interface AnthropicSseSummary {
  events: AnthropicSseEvent[];
  /** `message_stop` or `error`. */
  ending: 'message_stop' | 'error';
}

export function validateAnthropicSse(raw: string): AnthropicSseSummary {
  const frames = parseSseFrames(raw);
  assert.ok(frames.length > 0, 'empty stream');
  const events: AnthropicSseEvent[] = [];
  let started = false;
  let nextIndex = 0;
  let open: { index: number; type: string; deltas: string[]; json: string } | undefined;
  let sawMessageDelta = false;
  let stopReason: string | undefined;
  let toolBlocks = 0;
  let ending: AnthropicSseSummary['ending'] | undefined;

  frames.forEach((frame, n) => {
    const where = `event #${n} (${frame.event})`;
    assert.equal(ending, undefined, `${where} after the stream ended with ${ending}`);
    assert.ok(frame.event, `${where}: every Anthropic frame is named`);
    const data = parseJson(frame.data, where);
    events.push(data as unknown as AnthropicSseEvent);
    if (frame.event === 'error') {
      assertKeys(data, ['type', 'error', 'request_id'], where);
      assert.equal(data.type, 'error');
      assertKeys(data.error, ['type', 'message'], `${where}.error`);
      assert.equal(typeof data.error.type, 'string');
      assert.equal(typeof data.error.message, 'string');
      ending = 'error';
      return;
    }
    assert.equal(data.type, frame.event, `${where}: data.type must equal the event name`);
    if (!started) assert.equal(frame.event, 'message_start', `${where}: message_start must come first`);
    switch (frame.event) {
      case 'message_start': {
        assert.ok(!started, `${where}: second message_start`);
        started = true;
        assertKeys(data, ['type', 'message'], where);
        const message = data.message;
        assertKeys(message, ['id', 'type', 'role', 'model', 'content', 'stop_reason', 'stop_sequence', 'usage'], `${where}.message`);
        assert.match(String(message.id), /^msg_/);
        assert.equal(message.type, 'message');
        assert.equal(message.role, 'assistant');
        assert.equal(typeof message.model, 'string');
        assert.deepEqual(message.content, []);
        assert.equal(message.stop_reason, null);
        assert.equal(message.stop_sequence, null);
        assertKeys(message.usage, ['input_tokens', 'output_tokens'], `${where}.usage`);
        assert.ok(isCount(message.usage.input_tokens));
        assert.equal(message.usage.output_tokens, 0);
        break;
      }
      case 'ping':
        assertKeys(data, ['type'], where);
        break;
      case 'content_block_start': {
        assert.ok(!sawMessageDelta, `${where}: block after message_delta`);
        assert.equal(open, undefined, `${where}: block ${open?.index} is still open`);
        assertKeys(data, ['type', 'index', 'content_block'], where);
        assert.equal(data.index, nextIndex, `${where}: block indexes must be contiguous from 0`);
        const block = data.content_block;
        assert.ok(typeof block === 'object' && block !== null);
        const type = (block as { type?: unknown }).type;
        if (type === 'text') assert.deepEqual(block, { type: 'text', text: '' });
        else if (type === 'thinking') assert.deepEqual(block, { type: 'thinking', thinking: '', signature: '' });
        else if (type === 'tool_use') {
          assertKeys(block, ['type', 'id', 'name', 'input'], `${where}.content_block`);
          assert.equal(typeof block.id, 'string');
          assert.ok((block.id as string).length > 0, `${where}: tool_use id is empty`);
          assert.equal(typeof block.name, 'string');
          assert.deepEqual(block.input, {});
          toolBlocks++;
        } else assert.fail(`${where}: unknown block type ${String(type)}`);
        open = { index: nextIndex++, type: type as string, deltas: [], json: '' };
        break;
      }
      case 'content_block_delta': {
        assert.ok(open, `${where}: delta with no open block`);
        assertKeys(data, ['type', 'index', 'delta'], where);
        assert.equal(data.index, open.index, `${where}: delta for a block that is not open`);
        const delta = data.delta as Record<string, unknown>;
        assert.ok(DELTA_FOR_BLOCK[open.type]!.includes(String(delta.type)), `${where}: ${String(delta.type)} in a ${open.type} block`);
        assert.notEqual(open.deltas.at(-1), 'signature_delta', `${where}: nothing may follow signature_delta`);
        switch (delta.type) {
          case 'text_delta':
            assertKeys(delta, ['type', 'text'], where);
            assert.equal(typeof delta.text, 'string');
            break;
          case 'thinking_delta':
            assertKeys(delta, ['type', 'thinking'], where);
            assert.equal(typeof delta.thinking, 'string');
            break;
          case 'signature_delta':
            assertKeys(delta, ['type', 'signature'], where);
            assert.ok(typeof delta.signature === 'string' && delta.signature.length > 0, `${where}: empty signature`);
            break;
          case 'input_json_delta':
            assertKeys(delta, ['type', 'partial_json'], where);
            assert.equal(typeof delta.partial_json, 'string');
            open.json += delta.partial_json as string;
            break;
        }
        open.deltas.push(String(delta.type));
        break;
      }
      case 'content_block_stop': {
        assert.ok(open, `${where}: stop with no open block`);
        assertKeys(data, ['type', 'index'], where);
        assert.equal(data.index, open.index, `${where}: stop for a block that is not open`);
        assert.ok(open.deltas.length > 0, `${where}: block ${open.index} had no delta`);
        if (open.type === 'thinking') assert.equal(open.deltas.at(-1), 'signature_delta', `${where}: thinking must end with signature_delta`);
        if (open.type === 'tool_use') {
          const input: unknown = JSON.parse(open.json);
          assert.ok(typeof input === 'object' && input !== null && !Array.isArray(input), `${where}: tool input is not an object`);
        }
        open = undefined;
        break;
      }
      case 'message_delta': {
        assert.equal(open, undefined, `${where}: message_delta while block ${open?.index} is open`);
        assert.ok(!sawMessageDelta, `${where}: second message_delta`);
        sawMessageDelta = true;
        assertKeys(data, ['type', 'delta', 'usage'], where);
        assertKeys(data.delta, ['stop_reason', 'stop_sequence'], `${where}.delta`);
        stopReason = String(data.delta.stop_reason);
        assert.ok(STOP_REASONS.includes(stopReason), `${where}: stop_reason ${stopReason}`);
        assert.equal(data.delta.stop_sequence, null);
        assertKeys(data.usage, ['input_tokens', 'output_tokens'], `${where}.usage`);
        assert.ok(isCount(data.usage.input_tokens) && isCount(data.usage.output_tokens), `${where}: usage counts`);
        if (stopReason === 'tool_use') assert.ok(toolBlocks > 0, `${where}: stop_reason tool_use without a tool_use block`);
        break;
      }
      case 'message_stop':
        assert.ok(sawMessageDelta, `${where}: message_stop before message_delta`);
        assertKeys(data, ['type'], where);
        ending = 'message_stop';
        break;
      default:
        assert.fail(`${where}: unknown event`);
    }
  });
  assert.ok(ending, 'stream ended without message_stop or error');
  return { events, ending };
}
