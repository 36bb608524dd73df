// Rebuilt histories on named third-party models stay within Cursor's bound (192 root blobs,
// 512 KiB; cursor-limits.md §6), which the fake enforces as the real server does: late, bare.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { defaultAccountState, historyOf, type FakeHistory } from '../../src/fake-cursor/index.js';
import { startGateway, type Gateway } from '../helpers/gateway.js';

let gateway: Gateway;
let client: Anthropic;
let last: FakeHistory | undefined;

before(async () => {
  gateway = await startGateway();
  client = gateway.anthropic();
  gateway.fake.setScript(async (run) => {
    last = await historyOf(run);
    run.text('ok');
    run.turnEnded();
  });
});
after(() => gateway.close());
beforeEach(() => {
  gateway.fake.account.update(defaultAccountState());
  last = undefined;
});

/** A session of `count` messages (ending with a user message), each `size` characters long. */
function session(count: number, size: number): Anthropic.MessageParam[] {
  return Array.from({ length: count }, (_, i) => ({
    role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
    content: `message ${i}: ${'m'.repeat(size)}`,
  }));
}

const ask = (messages: Anthropic.MessageParam[], model = 'claude-sonnet-4-5') =>
  client.messages.create({ model, max_tokens: 100, system: 'Be brief.', messages });

describe('replay bounds', () => {
  it('the fake rejects a set over its bound late (after fetching every blob) with a bare invalid_argument → 400', async () => {
    gateway.fake.account.update({ replayBounds: { maxRootBlobs: 10, maxRootBytes: 512 * 1024 } });
    const error = await ask(session(31, 10)).then(
      () => assert.fail('expected a 400'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof Anthropic.BadRequestError, String(error));
    const run = gateway.fake.runs.at(-1)!;
    const fetched = run.received.filter((message) => message.message.case === 'kvClientMessage').length;
    assert.equal(fetched, 30, 'every root blob was fetched before the rejection');
  });

  it('a 301-message session packs its oldest messages to stay within 192 blobs', async () => {
    const answer = await ask(session(301, 100));
    assert.deepEqual(answer.content, [{ type: 'text', text: 'ok' }]);
    assert.equal(last!.rootMessages.length, 192);
    const packed = JSON.stringify(last!.rootMessages[0]);
    assert.match(packed, /earlier messages of this conversation[\s\S]*message 0:[\s\S]*message 108:/);
    assert.match(JSON.stringify(last!.rootMessages.at(-1)), /message 299:/);
  });

  it('a session over 512 KiB leaves its oldest messages out, says so, and keeps the newest tool result whole', async () => {
    // Over 512 KiB of history, yet within the 200K-token window (the local window check passes it).
    const messages = session(140, 4000);
    const big = 'r'.repeat(100_000);
    messages.splice(
      130,
      2,
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/x' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: big }] },
    );
    const answer = await ask(messages);
    assert.deepEqual(answer.content, [{ type: 'text', text: 'ok' }]);
    assert.ok(last!.rootBytes <= 512 * 1024 - 'Be brief.'.length, `${last!.rootBytes} bytes`);
    assert.match(JSON.stringify(last!.rootMessages[0]), /earlier messages of this conversation left out/);
    assert.ok(JSON.stringify(last!.rootMessages).includes(big), 'the newest tool result is whole');
  });

  it('Auto is not bounded: a long history goes as it is', async () => {
    await ask(session(301, 10), 'cursor:default');
    assert.equal(last!.rootMessages.length, 300);
  });
});
