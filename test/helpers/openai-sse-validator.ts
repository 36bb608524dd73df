// A strict checker of an OpenAI chat.completion.chunk stream: role chunk first, one id and
// model throughout, tool calls by contiguous index, exactly one finish_reason, the usage chunk
// rules of stream_options.include_usage, and `data: [DONE]` last (or an error frame instead).
import assert from 'node:assert/strict';
import { assertKeys, isCount, parseJson, parseSseFrames } from './sse-parse.js';

export type OpenAIChunkData = Record<string, unknown>;

const FINISH_REASONS = ['stop', 'tool_calls', 'length', 'content_filter'];
const DELTA_KEYS = ['role', 'content', 'reasoning_content', 'tool_calls', 'refusal'];

export interface OpenAISseSummary {
  chunks: OpenAIChunkData[];
  ending: 'done' | 'error';
  content: string;
  reasoning: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finishReason?: string;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  error?: { message: string; type: string; code: unknown; param: unknown };
}

export function validateOpenAISse(raw: string, options: { includeUsage: boolean }): OpenAISseSummary {
  const frames = parseSseFrames(raw);
  const summary: OpenAISseSummary = { chunks: [], ending: 'done', content: '', reasoning: '', toolCalls: [] };
  let ended = false;
  let identity: { id: unknown; created: unknown; model: unknown } | undefined;

  frames.forEach((frame, n) => {
    const where = `chunk #${n}`;
    assert.ok(!ended, `${where} after the end of the stream`);
    assert.equal(frame.event, undefined, `${where}: OpenAI frames carry no event name`);
    if (frame.data === '[DONE]') {
      assert.ok(summary.finishReason, `${where}: [DONE] before a finish_reason`);
      if (options.includeUsage) assert.ok(summary.usage, `${where}: [DONE] before the usage chunk`);
      ended = true;
      return;
    }
    const data = parseJson(frame.data, where);
    if ('error' in data) {
      assertKeys(data, ['error'], where);
      assertKeys(data.error, ['message', 'type', 'code', 'param'], `${where}.error`);
      assert.equal(typeof data.error.message, 'string');
      assert.equal(typeof data.error.type, 'string');
      summary.error = data.error as OpenAISseSummary['error'];
      summary.ending = 'error';
      ended = true;
      return;
    }
    summary.chunks.push(data);
    const keys = ['id', 'object', 'created', 'model', 'choices', ...(options.includeUsage ? ['usage'] : [])];
    assertKeys(data, keys, where);
    assert.equal(data.object, 'chat.completion.chunk');
    assert.match(String(data.id), /^chatcmpl-/);
    assert.ok(isCount(data.created), `${where}: created`);
    assert.equal(typeof data.model, 'string');
    if (identity) assert.deepEqual({ id: data.id, created: data.created, model: data.model }, identity, `${where}: id/created/model changed`);
    else identity = { id: data.id, created: data.created, model: data.model };
    const choices = data.choices as unknown[];
    assert.ok(Array.isArray(choices));

    if (choices.length === 0) {
      assert.ok(options.includeUsage, `${where}: a chunk without choices is only the usage chunk`);
      assert.ok(summary.finishReason, `${where}: usage chunk before the finish chunk`);
      assert.equal(summary.usage, undefined, `${where}: second usage chunk`);
      assertKeys(data.usage, ['prompt_tokens', 'completion_tokens', 'total_tokens'], `${where}.usage`);
      const usage = data.usage as NonNullable<OpenAISseSummary['usage']>;
      assert.ok(isCount(usage.prompt_tokens) && isCount(usage.completion_tokens));
      assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens, `${where}: total_tokens`);
      summary.usage = usage;
      return;
    }
    if (options.includeUsage) assert.equal(data.usage, null, `${where}: usage must be null before the last chunk`);
    assert.equal(summary.finishReason, undefined, `${where}: content after finish_reason`);
    assert.equal(choices.length, 1, `${where}: one choice`);
    const choice = choices[0];
    assertKeys(choice, ['index', 'delta', 'finish_reason', 'logprobs'], `${where}.choices[0]`);
    assert.equal(choice.index, 0);
    assert.equal(choice.logprobs, null);
    const delta = choice.delta as Record<string, unknown>;
    assert.ok(typeof delta === 'object' && delta !== null);
    for (const key of Object.keys(delta)) assert.ok(DELTA_KEYS.includes(key), `${where}: unknown delta key ${key}`);
    if (n === 0) assert.equal(delta.role, 'assistant', `${where}: the first chunk carries the role`);
    else assert.equal(delta.role, undefined, `${where}: role only in the first chunk`);
    if (delta.content !== undefined) {
      assert.equal(typeof delta.content, 'string');
      summary.content += delta.content as string;
    }
    if (delta.reasoning_content !== undefined) {
      assert.equal(typeof delta.reasoning_content, 'string');
      summary.reasoning += delta.reasoning_content as string;
    }
    if (delta.tool_calls !== undefined) {
      assert.ok(Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0, `${where}: tool_calls`);
      for (const call of delta.tool_calls as Array<Record<string, unknown>>) {
        const index = call.index as number;
        const fn = call.function as Record<string, unknown>;
        if (index === summary.toolCalls.length) {
          assertKeys(call, ['index', 'id', 'type', 'function'], `${where}.tool_calls`);
          assert.equal(call.type, 'function');
          assert.ok(typeof call.id === 'string' && call.id.length > 0, `${where}: tool call id`);
          assertKeys(fn, ['name', 'arguments'], `${where}.tool_calls.function`);
          assert.ok(typeof fn.name === 'string' && fn.name.length > 0);
          summary.toolCalls.push({ id: call.id as string, name: fn.name as string, arguments: String(fn.arguments) });
        } else {
          assert.ok(index >= 0 && index < summary.toolCalls.length, `${where}: tool call index ${index} is not contiguous`);
          summary.toolCalls[index]!.arguments += String(fn.arguments ?? '');
        }
      }
    }
    if (choice.finish_reason !== null) {
      assert.ok(FINISH_REASONS.includes(String(choice.finish_reason)), `${where}: finish_reason ${String(choice.finish_reason)}`);
      assert.deepEqual(delta, {}, `${where}: the finish chunk carries no content`);
      summary.finishReason = String(choice.finish_reason);
      if (summary.finishReason === 'tool_calls') assert.ok(summary.toolCalls.length > 0, `${where}: tool_calls finish without a tool call`);
    }
  });
  assert.ok(ended, 'stream ended without [DONE] or an error frame');
  for (const call of summary.toolCalls) {
    const args: unknown = JSON.parse(call.arguments);
    assert.ok(typeof args === 'object' && args !== null && !Array.isArray(args), `tool call ${call.id}: arguments are not a JSON object`);
  }
  return summary;
}
