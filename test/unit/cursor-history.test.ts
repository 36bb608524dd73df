import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message } from '../../src/proxy/conversation.js';
import { renderHistory, renderParts, splitAtLastUserMessage } from '../../src/proxy/cursor/history.js';

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
    const { rootPromptBlobs, transcript } = renderHistory(splitAtLastUserMessage(messages).history, 'root-prompt-blobs');
    assert.equal(transcript, '');
    assert.deepEqual(rootPromptBlobs.map(decode), [
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

  it('marks failed tool results', () => {
    assert.deepEqual(
      renderParts([{ type: 'tool_result', toolCallId: 't', isError: true, content: [{ type: 'text', text: 'boom' }] }]),
      ['[tool result t (error)] boom'],
    );
  });

  it('can render a flattened transcript instead (the other variant)', () => {
    const { rootPromptBlobs, transcript } = renderHistory(messages.slice(0, 2), 'flattened-transcript');
    assert.deepEqual(rootPromptBlobs, []);
    assert.equal(transcript, 'User: list files\n\nAssistant: Sure.\n[tool call Bash toolu_1] {"command":"ls"}\n\n');
  });
});
