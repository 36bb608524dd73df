import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { Conversation } from '../../src/proxy/conversation.js';
import { countConversationTokens } from '../../src/proxy/tokens/count-tokens.js';

const base: Conversation = {
  model: 'opus',
  system: '',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hello there' }] }],
  tools: [],
  loadedDeferredTools: [],
  toolChoice: { type: 'auto' },
  thinking: false,
};

describe('countConversationTokens', () => {
  it('counts message text with o200k plus a per-message overhead', () => {
    const overhead = countConversationTokens(base) - countTokens('hello there');
    assert.ok(overhead > 0 && overhead < 10, `overhead ${overhead}`);
  });

  it('grows with the system prompt, tools, tool calls and results', () => {
    const plain = countConversationTokens(base);
    const system = 'You are a careful assistant. '.repeat(20);
    assert.equal(countConversationTokens({ ...base, system }), plain + countTokens(system));
    const tool = { name: 'Bash', description: 'Run a shell command', inputSchema: { type: 'object', properties: { command: { type: 'string' } } }, deferred: false };
    assert.ok(countConversationTokens({ ...base, tools: [tool] }) > plain + countTokens(JSON.stringify(tool.inputSchema)));
    const withCall = countConversationTokens({
      ...base,
      messages: [
        ...base.messages,
        { role: 'assistant', content: [{ type: 'tool_call', id: 't', name: 'Bash', input: { command: 'ls -la /tmp' } }] },
        { role: 'user', content: [{ type: 'tool_result', toolCallId: 't', content: [{ type: 'text', text: 'a b c d e f' }], isError: false }] },
      ],
    });
    assert.ok(withCall > plain + countTokens('ls -la /tmp') + countTokens('a b c d e f'));
  });

  it('skips deferred tools until they are loaded', () => {
    const deferred = { name: 'WebFetch', description: 'Fetch a URL and read it', inputSchema: { type: 'object' }, deferred: true };
    const withDeferred = { ...base, tools: [deferred] };
    assert.equal(countConversationTokens(withDeferred), countConversationTokens(base));
    assert.ok(countConversationTokens({ ...withDeferred, loadedDeferredTools: ['WebFetch'] }) > countConversationTokens(base));
  });

  it('counts an image as a fixed estimate and tolerates special-token spellings', () => {
    const image = { ...base, messages: [{ role: 'user' as const, content: [{ type: 'image' as const, mediaType: 'image/png', data: 'AAAA' }] }] };
    assert.ok(countConversationTokens(image) >= 1000);
    assert.ok(countConversationTokens({ ...base, system: 'a <|endoftext|> b' }) > countConversationTokens(base));
  });

  it('counts long prose exactly as a whole, and a megabyte without spaces in pieces', () => {
    const prose = 'The quick brown fox jumps over the lazy dog, again and again. '.repeat(400);
    const withProse = (text: string) => countConversationTokens({ ...base, messages: [{ role: 'user', content: [{ type: 'text', text }] }] });
    assert.equal(withProse(prose) - withProse(''), countTokens(prose));
    // One "word" of a megabyte: BPE on it whole would take hours (quadratic); in pieces it is ordinary work.
    const blob = Buffer.alloc(768 * 1024, 7).toString('base64');
    const count = withProse(blob) - withProse('');
    assert.ok(count > blob.length / 8 && count < blob.length, `count ${count}`);
  });
});
