import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../src/proxy/http/api-error.js';
import { parseOpenAIRequest } from '../../src/proxy/openai/request.js';

const minimal = (extra: Record<string, unknown> = {}) => ({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }], ...extra });

function rejects(body: unknown, pattern: RegExp) {
  assert.throws(() => parseOpenAIRequest(body), (error: unknown) => error instanceof ApiError && error.kind === 'invalid_request' && pattern.test(error.message));
}

describe('OpenAI request → Conversation', () => {
  it('folds system and developer messages into the system prompt, in order', () => {
    const { conversation } = parseOpenAIRequest(
      minimal({
        messages: [
          { role: 'system', content: 'one' },
          { role: 'user', content: 'hi' },
          { role: 'developer', content: [{ type: 'text', text: 'two' }] },
        ],
      }),
    );
    assert.equal(conversation.system, 'one\n\ntwo');
    assert.deepEqual(conversation.messages, [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });

  it('reads text and data-URL image parts, and rejects http image URLs', () => {
    const { conversation } = parseOpenAIRequest(
      minimal({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what is this?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0K', detail: 'high' } },
            ],
          },
        ],
      }),
    );
    assert.deepEqual(conversation.messages[0]!.content, [
      { type: 'text', text: 'what is this?' },
      { type: 'image', mediaType: 'image/png', data: 'iVBORw0K' },
    ]);
    rejects(
      minimal({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] }),
      /^messages\.0\.content\.0\.image_url\.url: only base64 data URLs/,
    );
  });

  it('turns assistant tool_calls and tool messages into tool calls and one user message of results', () => {
    const { conversation } = parseOpenAIRequest(
      minimal({
        messages: [
          { role: 'user', content: 'weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
              { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
          { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'rainy' }] },
        ],
      }),
    );
    assert.deepEqual(conversation.messages.slice(1), [
      {
        role: 'assistant',
        content: [
          { type: 'tool_call', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_call', id: 'call_2', name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', toolCallId: 'call_1', content: [{ type: 'text', text: 'sunny' }], isError: false },
          { type: 'tool_result', toolCallId: 'call_2', content: [{ type: 'text', text: 'rainy' }], isError: false },
        ],
      },
    ]);
  });

  it('reads tools, tool_choice, reasoning_effort, max tokens, stream options', () => {
    const parsed = parseOpenAIRequest(
      minimal({
        tools: [
          { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
          { type: 'function', function: { name: 'noop' } },
        ],
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
        parallel_tool_calls: false,
        reasoning_effort: 'high',
        max_completion_tokens: 500,
        stream: true,
        stream_options: { include_usage: true },
        prompt_cache_key: 'conv-1',
      }),
    );
    const { conversation } = parsed;
    assert.deepEqual(conversation.tools, [
      { name: 'get_weather', description: 'Weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } }, deferred: false },
      { name: 'noop', description: '', inputSchema: { type: 'object', properties: {} }, deferred: false },
    ]);
    assert.deepEqual(conversation.toolChoice, { type: 'tool', name: 'get_weather' });
    assert.equal(conversation.thinking, true);
    assert.equal(conversation.effort, 'high');
    assert.equal(conversation.maxTokens, 500);
    assert.equal(conversation.sessionKey, 'conv-1');
    assert.equal(parsed.stream, true);
    assert.equal(parsed.includeUsage, true);

    assert.deepEqual(parseOpenAIRequest(minimal({ tool_choice: 'required' })).conversation.toolChoice, { type: 'any' });
    assert.deepEqual(parseOpenAIRequest(minimal({ tool_choice: 'none' })).conversation.toolChoice, { type: 'none' });
    const none = parseOpenAIRequest(minimal({ reasoning_effort: 'none', max_tokens: 9 }));
    assert.equal(none.conversation.thinking, false);
    assert.equal(none.conversation.effort, undefined);
    assert.equal(none.conversation.maxTokens, 9);
    assert.equal(none.includeUsage, false);
  });

  it('keeps assistant text and echoed reasoning_content in history', () => {
    const { conversation } = parseOpenAIRequest(
      minimal({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a', reasoning_content: 'r' }, { role: 'user', content: 'q2' }] }),
    );
    assert.deepEqual(conversation.messages[1], { role: 'assistant', content: [{ type: 'thinking', text: 'r' }, { type: 'text', text: 'a' }] });
  });

  it('rejects malformed requests with a 400 naming the field', () => {
    rejects({ messages: [] }, /^model: must be a string/);
    rejects(minimal({ messages: [{ role: 'function', content: 'x' }] }), /^messages\.0\.role/);
    rejects(minimal({ reasoning_effort: 'extreme' }), /^reasoning_effort/);
    rejects(minimal({ tools: [{ type: 'custom', custom: { name: 'x' } }] }), /^tools\.0\.type/);
    rejects(
      minimal({ messages: [{ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{bad' } }] }] }),
      /function\.arguments: must be a JSON object text/,
    );
    rejects(minimal({ n: 2 }), /^n: only n = 1/);
    rejects(minimal({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }] }), /not supported/);
  });
});
