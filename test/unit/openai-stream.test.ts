import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TurnEvent } from '../../src/proxy/events.js';
import { ApiError } from '../../src/proxy/http/api-error.js';
import type { TurnContext } from '../../src/proxy/http/dialect.js';
import { accumulateOpenAI } from '../../src/proxy/openai/accumulate.js';
import { createOpenAIStream } from '../../src/proxy/openai/stream.js';
import { validateOpenAISse } from '../helpers/openai-sse-validator.js';

const base: TurnContext = { clientModel: 'gpt-5', estimatedInputTokens: 30, includeUsage: false };
const end = (reason: 'end_turn' | 'tool_use' | 'max_tokens' = 'end_turn'): TurnEvent => ({ type: 'end', reason, usage: { inputTokens: 0, outputTokens: 5 } });

function encode(events: TurnEvent[], context: TurnContext = base): string {
  const stream = createOpenAIStream(context);
  return stream.open() + events.map((event) => stream.push(event)).join('');
}

describe('OpenAI SSE encoder', () => {
  it('streams text after a role chunk and ends with stop and [DONE]', () => {
    const raw = encode([{ type: 'text', text: 'Hel' }, { type: 'text', text: 'lo' }, end()]);
    const summary = validateOpenAISse(raw, { includeUsage: false });
    assert.equal(summary.content, 'Hello');
    assert.equal(summary.finishReason, 'stop');
    assert.equal(summary.ending, 'done');
    assert.equal(summary.chunks.length, 4);
    assert.equal(summary.chunks[0]!.model, 'gpt-5');
    assert.ok(raw.endsWith('data: [DONE]\n\n'));
  });

  it('sends reasoning_content for thinking', () => {
    const summary = validateOpenAISse(encode([{ type: 'thinking', text: 'why' }, { type: 'text', text: 'because' }, end()]), { includeUsage: false });
    assert.equal(summary.reasoning, 'why');
    assert.equal(summary.content, 'because');
  });

  it('sends one chunk per tool call with index, id, type and full arguments', () => {
    const raw = encode([
      { type: 'tool_call', id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'tool_call', id: 'call_b', name: 'get_time', arguments: '{}' },
      end('tool_use'),
    ]);
    const summary = validateOpenAISse(raw, { includeUsage: false });
    assert.equal(summary.finishReason, 'tool_calls');
    assert.deepEqual(summary.toolCalls, [
      { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'call_b', name: 'get_time', arguments: '{}' },
    ]);
    const second = summary.chunks[2] as { choices: Array<{ delta: unknown }> };
    assert.deepEqual(second.choices[0]!.delta, { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } }] });
  });

  it('maps max_tokens to length', () => {
    assert.equal(validateOpenAISse(encode([{ type: 'text', text: 'x' }, end('max_tokens')]), { includeUsage: false }).finishReason, 'length');
  });

  it('with include_usage: usage null on chunks, then a choices-less usage chunk before [DONE]', () => {
    const raw = encode([{ type: 'usage', usage: { inputTokens: 120 } }, { type: 'text', text: 'x' }, end()], { ...base, includeUsage: true });
    const summary = validateOpenAISse(raw, { includeUsage: true });
    assert.deepEqual(summary.usage, { prompt_tokens: 120, completion_tokens: 5, total_tokens: 125 });
  });

  it('ends a failed stream with an error chunk and no [DONE]', () => {
    const stream = createOpenAIStream(base);
    const raw = stream.open() + stream.push({ type: 'text', text: 'par' }) + stream.keepAlive() + stream.fail(new ApiError('timeout', 'Cursor went silent'), 'req_x');
    const summary = validateOpenAISse(raw, { includeUsage: false });
    assert.equal(summary.ending, 'error');
    assert.deepEqual(summary.error, { message: 'Cursor went silent', type: 'server_error', code: 'timeout', param: null });
    assert.ok(!raw.includes('[DONE]'));
  });
});

describe('OpenAI SSE validator', () => {
  it('rejects a stream without [DONE]', () => {
    const raw = encode([{ type: 'text', text: 'x' }, end()]).replace('data: [DONE]\n\n', '');
    assert.throws(() => validateOpenAISse(raw, { includeUsage: false }), /without \[DONE\]/);
  });

  it('rejects a missing usage chunk when include_usage was asked', () => {
    assert.throws(() => validateOpenAISse(encode([{ type: 'text', text: 'x' }, end()]), { includeUsage: true }));
  });

  it('rejects content after the finish chunk', () => {
    const stream = createOpenAIStream(base);
    const raw = stream.open() + stream.push(end()).replace('data: [DONE]\n\n', '') + stream.push({ type: 'text', text: 'late' }) + 'data: [DONE]\n\n';
    assert.throws(() => validateOpenAISse(raw, { includeUsage: false }), /after finish_reason/);
  });
});

describe('OpenAI accumulate', () => {
  it('folds a turn into one chat.completion with content, reasoning, tool calls and usage', () => {
    const completion = accumulateOpenAI(
      [
        { type: 'thinking', text: 'think' },
        { type: 'text', text: 'a' },
        { type: 'text', text: 'b' },
        { type: 'tool_call', id: 'call_1', name: 'f', arguments: '{"x":1}' },
        end('tool_use'),
      ],
      base,
    );
    assert.equal(completion.object, 'chat.completion');
    assert.match(completion.id, /^chatcmpl-/);
    assert.deepEqual(completion.choices[0], {
      index: 0,
      message: {
        role: 'assistant',
        content: 'ab',
        reasoning_content: 'think',
        refusal: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }],
      },
      finish_reason: 'tool_calls',
      logprobs: null,
    });
    assert.deepEqual(completion.usage, { prompt_tokens: 30, completion_tokens: 5, total_tokens: 35 });
  });

  it('has null content for a tool-only answer', () => {
    const completion = accumulateOpenAI([{ type: 'tool_call', id: 'c', name: 'f', arguments: '{}' }, end('tool_use')], base);
    assert.equal(completion.choices[0]!.message.content, null);
  });
});
