import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message } from '../../src/proxy/conversation.js';
import { rootPromptBlob } from '../../src/proxy/cursor/history.js';
import { boundReplay } from '../../src/proxy/cursor/replay-bounds.js';

/** `count` messages, alternating user/assistant, each with `chars` characters of text. */
function history(count: number, chars: number): Message[] {
  return Array.from({ length: count }, (_, i): Message => ({
    role: i % 2 ? 'assistant' : 'user',
    content: [{ type: 'text', text: `${i}`.padEnd(chars, 'x') }],
  }));
}

const bytesOf = (messages: Message[]) => messages.reduce((sum, message) => sum + rootPromptBlob(message).length, 0);

describe('boundReplay', () => {
  it('leaves out nothing when the blobs fit exactly, though not surely', () => {
    const messages = history(10, 1000);
    const bounds = { maxRootBlobs: 192, maxRootBytes: bytesOf(messages) };
    assert.deepEqual(boundReplay(messages, bounds), { messages, packed: 0, omitted: 0 });
  });

  it('leaves out the fewest oldest messages for the rest and the note to fit', () => {
    const messages = history(10, 1000);
    const bounds = { maxRootBlobs: 192, maxRootBytes: bytesOf(messages) - 1 };
    const bounded = boundReplay(messages, bounds);
    assert.ok(bounded.omitted > 0);
    assert.ok(bytesOf(bounded.messages) <= bounds.maxRootBytes, 'the note counts toward the bytes');
    const oneFewer = [bounded.messages[0], ...messages.slice(bounded.omitted - 1)];
    assert.ok(bytesOf(oneFewer) > bounds.maxRootBytes, 'no more messages left out than needed');
    assert.deepEqual(bounded.messages.slice(1), messages.slice(bounded.omitted));
  });

  it('sizes with the blob sizes it is given, newest first, not every message', () => {
    const messages = history(400, 3000);
    const sized: Message[] = [];
    const bounded = boundReplay(messages, { maxRootBlobs: 192, maxRootBytes: 512 * 1024 }, 0, (message) => {
      sized.push(message);
      return rootPromptBlob(message).length;
    });
    assert.ok(bounded.omitted > 0);
    assert.equal(sized[0], messages.at(-1));
    assert.ok(sized.length < messages.length - bounded.omitted + 5, `${sized.length} messages sized`);
  });
});
