import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseAnthropicRequest } from '../../src/proxy/anthropic/request.js';
import { ApiError } from '../../src/proxy/http/api-error.js';

const FIXTURE_PATH = new URL('../../../shared/fixtures/claude-code-request.json', import.meta.url);
const fixture = JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as {
  headers: Record<string, string>;
  body: {
    system: Array<{ text: string }>;
    messages: Array<{ role: string; content: Array<{ text: string }> }>;
    tools: Array<{ name: string }>;
  };
};

const noHeaders = () => undefined;
const parse = (body: unknown, headers: Record<string, string> = {}) => parseAnthropicRequest(body, (name) => headers[name]);
const minimal = (extra: Record<string, unknown> = {}) => ({ model: 'opus', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], ...extra });

function rejects(body: unknown, pattern: RegExp) {
  assert.throws(() => parse(body), (error: unknown) => error instanceof ApiError && error.kind === 'invalid_request' && pattern.test(error.message));
}

describe('Anthropic request → Conversation: the captured Claude Code request', () => {
  const { conversation, stream } = parseAnthropicRequest(fixture.body, (name) => fixture.headers[name]);

  it('folds the system blocks, then the role:"system" message, in order, without the billing header', () => {
    const [billing, identity, main] = fixture.body.system.map((block) => block.text);
    const environment = fixture.body.messages[1]!.content[0]!.text;
    assert.equal(fixture.body.messages[1]!.role, 'system');
    assert.match(billing!, /^x-anthropic-billing-header:/);
    assert.equal(conversation.system, [identity, main, environment].join('\n\n'));
  });

  it('keeps the user message (reminder + prompt) and drops the system entry from messages', () => {
    assert.equal(conversation.messages.length, 1);
    const [message] = conversation.messages;
    assert.equal(message!.role, 'user');
    assert.deepEqual(
      message!.content.map((part) => (part.type === 'text' ? part.text : part.type)),
      fixture.body.messages[0]!.content.map((block) => block.text),
    );
    assert.equal((message!.content[1] as { text: string }).text, 'say hi');
  });

  it('keeps all 12 tools with their schemas and marks the placeholder deferred', () => {
    assert.deepEqual(conversation.tools.map((tool) => tool.name), fixture.body.tools.map((tool) => tool.name));
    assert.equal(conversation.tools.length, 12);
    const deferred = conversation.tools.filter((tool) => tool.deferred).map((tool) => tool.name);
    assert.deepEqual(deferred, ['DeferredToolPlaceholder']);
    const write = conversation.tools.find((tool) => tool.name === 'Write')!;
    assert.deepEqual(write.inputSchema.required, ['file_path', 'content']);
    assert.equal(write.inputSchema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.deepEqual(conversation.loadedDeferredTools, []);
  });

  it('reads model, thinking, effort, max_tokens, session id and stream', () => {
    assert.equal(conversation.model, 'claude-opus-5-5');
    assert.equal(conversation.thinking, true);
    assert.equal(conversation.effort, 'medium');
    assert.equal(conversation.maxTokens, 128000);
    assert.equal(conversation.sessionKey, '83bb3284-0b66-48e1-ab2d-256bfc802c2f');
    assert.deepEqual(conversation.toolChoice, { type: 'auto' });
    assert.equal(stream, true);
  });
});

describe('Anthropic request → Conversation', () => {
  it('accepts a string system and an empty role:"system" content list (--bare)', () => {
    const { conversation } = parse(minimal({ system: 'You are terse.', messages: [{ role: 'user', content: 'hi' }, { role: 'system', content: [] }] }));
    assert.equal(conversation.system, 'You are terse.');
    assert.equal(conversation.messages.length, 1);
  });

  it('merges the user turns a folded system entry leaves adjacent', () => {
    const { conversation } = parse(
      minimal({ messages: [{ role: 'user', content: 'a' }, { role: 'system', content: 'env' }, { role: 'user', content: [{ type: 'text', text: 'b' }] }] }),
    );
    assert.deepEqual(conversation.messages, [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }]);
    assert.equal(conversation.system, 'env');
  });

  it('translates a tool round trip: tool_use in history, tool_result with blocks, images and is_error', () => {
    const { conversation } = parse(
      minimal({
        messages: [
          { role: 'user', content: 'read it' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'I should read', signature: 'sig' },
              { type: 'redacted_thinking', data: 'opaque' },
              { type: 'text', text: 'Reading.' },
              { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/a' } },
              { type: 'tool_use', id: 'toolu_2', name: 'Bash', input: { command: 'false' } },
            ],
          },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 'toolu_1',
                content: [{ type: 'text', text: 'file body' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBO' } }],
                cache_control: { type: 'ephemeral' },
              },
              { type: 'tool_result', tool_use_id: 'toolu_2', content: 'Exit code 1', is_error: true },
            ],
          },
        ],
      }),
    );
    assert.deepEqual(conversation.messages[1], {
      role: 'assistant',
      content: [
        { type: 'thinking', text: 'I should read' },
        { type: 'text', text: 'Reading.' },
        { type: 'tool_call', id: 'toolu_1', name: 'Read', input: { file_path: '/a' } },
        { type: 'tool_call', id: 'toolu_2', name: 'Bash', input: { command: 'false' } },
      ],
    });
    assert.deepEqual(conversation.messages[2], {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          toolCallId: 'toolu_1',
          content: [{ type: 'text', text: 'file body' }, { type: 'image', mediaType: 'image/png', data: 'iVBO' }],
          isError: false,
        },
        { type: 'tool_result', toolCallId: 'toolu_2', content: [{ type: 'text', text: 'Exit code 1' }], isError: true },
      ],
    });
  });

  it('collects tool_reference names from ToolSearch results as loaded deferred tools', () => {
    const { conversation } = parse(
      minimal({
        tools: [
          { name: 'ToolSearch', input_schema: { type: 'object' } },
          { name: 'WebFetch', description: 'fetch', input_schema: { type: 'object' }, defer_loading: true },
        ],
        messages: [
          { role: 'user', content: 'fetch it' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'ToolSearch', input: { query: 'select:WebFetch' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'tool_reference', tool_name: 'WebFetch' }] }] },
        ],
      }),
    );
    assert.deepEqual(conversation.loadedDeferredTools, ['WebFetch']);
    assert.equal(conversation.tools[1]!.deferred, true);
    assert.deepEqual(conversation.messages[2]!.content, [{ type: 'tool_result', toolCallId: 't1', content: [], isError: false }]);
  });

  it('reads user images in base64 and rejects URL images with a clear message', () => {
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } };
    const { conversation } = parse(minimal({ messages: [{ role: 'user', content: [image, { type: 'text', text: 'what is it?' }] }] }));
    assert.deepEqual(conversation.messages[0]!.content[0], { type: 'image', mediaType: 'image/jpeg', data: '/9j/' });
    rejects(
      minimal({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] }] }),
      /^messages\.0\.content\.0\.source\.type: .*base64/,
    );
  });

  it('maps tool_choice, thinking and effort', () => {
    assert.deepEqual(parse(minimal({ tool_choice: { type: 'tool', name: 'Bash' } })).conversation.toolChoice, { type: 'tool', name: 'Bash' });
    assert.deepEqual(parse(minimal({ tool_choice: { type: 'any' } })).conversation.toolChoice, { type: 'any' });
    assert.deepEqual(parse(minimal({ tool_choice: { type: 'none' } })).conversation.toolChoice, { type: 'none' });
    assert.equal(parse(minimal({ thinking: { type: 'enabled', budget_tokens: 31999 } })).conversation.thinking, true);
    assert.equal(parse(minimal({ thinking: { type: 'disabled' } })).conversation.thinking, false);
    assert.equal(parse(minimal()).conversation.thinking, false);
    assert.equal(parse(minimal({ output_config: { effort: 'high' } })).conversation.effort, 'high');
    // A per-message output_config sets effort when the top level has none.
    const perMessage = minimal({ messages: [{ role: 'user', content: 'x' }, { role: 'system', content: 'e', output_config: { effort: 'low' } }] });
    assert.equal(parse(perMessage).conversation.effort, 'low');
  });

  it('ignores unknown fields, unknown blocks and server tools', () => {
    const { conversation } = parse(
      minimal({
        context_management: { edits: [] },
        safeguards: [{ type: 'dangerous_tool_use' }],
        tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 5 }, { name: 'Bash', input_schema: { type: 'object' } }],
        messages: [{ role: 'user', content: [{ type: 'container_upload', file_id: 'f' }, { type: 'text', text: 'hi', citations: null }] }],
      }),
    );
    assert.deepEqual(conversation.tools.map((tool) => tool.name), ['Bash']);
    assert.deepEqual(conversation.messages[0]!.content, [{ type: 'text', text: 'hi' }]);
  });

  it('takes the session from the header when metadata has none', () => {
    assert.equal(parse(minimal(), { 'x-claude-code-session-id': 'abc' }).conversation.sessionKey, 'abc');
    assert.equal(parse(minimal({ metadata: { user_id: 'plain-user' } }), {}).conversation.sessionKey, undefined);
    assert.equal(parseAnthropicRequest(minimal(), noHeaders).conversation.sessionKey, undefined);
  });

  it('rejects what it cannot carry with a 400 naming the field', () => {
    rejects({ messages: [] }, /^model: must be a string/);
    rejects({ model: 'opus' }, /^messages: must be an array/);
    rejects(minimal({ messages: [{ role: 'tool', content: 'x' }] }), /^messages\.0\.role/);
    rejects(minimal({ messages: [{ role: 'system', content: 'only system' }] }), /at least one user or assistant message/);
    rejects(minimal({ tools: [{ name: 'x' }] }), /^tools\.0\.input_schema: must be an object/);
    rejects(minimal({ messages: [{ role: 'user', content: [{ type: 'document', source: {} }] }] }), /document blocks are not supported/);
    rejects(minimal({ tool_choice: { type: 'sometimes' } }), /^tool_choice\.type/);
    rejects('[]', /must be an object/);
  });
});
