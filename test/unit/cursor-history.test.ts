import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message, TextPart, ToolResultPart, UserPart } from '../../src/proxy/conversation.js';
import { renderHistory, renderParts, rootPromptBlob, rootPromptSource, splitAtLastUserMessage } from '../../src/proxy/cursor/history.js';

const messages: Message[] = [
  { role: 'user', content: [{ type: 'text', text: 'list files' }] },
  {
    role: 'assistant',
    content: [
      { type: 'thinking', text: 'hmm' },
      { type: 'text', text: 'Sure.' },
      { type: 'tool_call', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } },
    ],
  },
  {
    role: 'user',
    content: [
      { type: 'tool_result', toolCallId: 'toolu_1', isError: false, content: [{ type: 'text', text: 'a.txt' }] },
      { type: 'image', mediaType: 'image/png', data: 'AAAA' },
    ],
  },
  { role: 'assistant', content: [{ type: 'thinking', text: 'only thinking' }] },
  { role: 'user', content: [{ type: 'text', text: 'thanks' }] },
];

const decode = (blob: Uint8Array) => JSON.parse(new TextDecoder().decode(blob));

describe('history for a new run (root-prompt blobs variant, reference §5.4)', () => {
  it('splits at the last user message', () => {
    const { history, last } = splitAtLastUserMessage(messages);
    assert.equal(history.length, 4);
    assert.deepEqual(last, messages[4]);
    assert.deepEqual(splitAtLastUserMessage([]), { history: [], last: undefined });
  });

  it('writes one JSON blob per message in the §4.3 shape, tool calls and results as text', () => {
    const { rootPromptMessages, transcript } = renderHistory(splitAtLastUserMessage(messages).history, 'root-prompt-blobs');
    assert.equal(transcript, '');
    assert.deepEqual(rootPromptMessages.map(rootPromptBlob).map(decode), [
      { role: 'user', content: [{ type: 'text', text: 'list files' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Sure.' },
          { type: 'text', text: '[tool call Bash toolu_1] {"command":"ls"}' },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'text', text: '[tool result toolu_1] a.txt' },
          { type: 'text', text: '[image image/png]' },
        ],
      },
      // The thinking-only assistant message has nothing to replay and is left out.
    ]);
  });

  it('describes each blob by the strings it is rendered from, under a digest equal texts share', () => {
    const long = 'x'.repeat(10_000);
    const user = (...content: UserPart[]): Message => ({ role: 'user', content });
    const text = (t: string): UserPart => ({ type: 'text', text: t });
    const result = (...texts: string[]): UserPart => ({ type: 'tool_result', toolCallId: 't1', isError: false, content: texts.map(text) as TextPart[] });
    const source = rootPromptSource(user(text('hi'), text(long)));
    assert.deepEqual(source.texts, ['user', 'text', 'hi', 'text', long]);
    assert.equal(rootPromptSource(user(text('hi'), text('x'.repeat(10_000)))).digest, source.digest, 'other strings, same texts');
    // Messages that render differently never share a source.
    const distinct = [
      user(text('ab')),
      user(text('a'), text('b')),
      { role: 'assistant', content: [{ type: 'text', text: 'ab' }] } satisfies Message,
      user(result('a', 'b')),
      user(result('a'), text('b')),
      user({ ...(result('a') as ToolResultPart), isError: true }),
    ].map((message) => rootPromptSource(message).texts.join('|'));
    assert.equal(new Set(distinct).size, distinct.length);
    // Thinking is not replayed, so it does not change the source.
    const withThinking: Message = { role: 'assistant', content: [{ type: 'thinking', text: 'hmm' }, { type: 'text', text: 'ab' }] };
    assert.deepEqual(rootPromptSource(withThinking).texts, ['assistant', 'text', 'ab']);
  });

  it('marks failed tool results', () => {
    assert.deepEqual(
      renderParts([{ type: 'tool_result', toolCallId: 't', isError: true, content: [{ type: 'text', text: 'boom' }] }]),
      ['[tool result t (error)] boom'],
    );
  });

  it('can render a flattened transcript instead (the other variant)', () => {
    const { rootPromptMessages, transcript } = renderHistory(messages.slice(0, 2), 'flattened-transcript');
    assert.deepEqual(rootPromptMessages, []);
    assert.equal(transcript, 'User: list files\n\nAssistant: Sure.\n[tool call Bash toolu_1] {"command":"ls"}\n\n');
  });
});
