// Long sessions (cursor-limits.md §6): the engine keeps each conversation's last checkpoint and
// sends it back, so a continuing session sends only its new message; blobs Cursor minted stay
// readable on the client; an edited history is rebuilt in full.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type Anthropic from '@anthropic-ai/sdk';
import { checkpointTurn, historyOf, type FakeHistory, type ServerBlobs } from '../../src/fake-cursor/index.js';
import { userMessageOf } from '../helpers/fake-run.js';
import { startGateway, type Gateway } from '../helpers/gateway.js';

let gateway: Gateway;
let client: Anthropic;
/** What each run could read of its history, in order. */
const seen: FakeHistory[] = [];
/** The blobs the fake server minted, and so holds itself. */
const minted: ServerBlobs = new Map();
/** True: the next runs read every blob from the client, as a server that lost its copies would. */
let fromClient = false;

before(async () => {
  gateway = await startGateway();
  client = gateway.anthropic();
  gateway.fake.setScript(async (run) => {
    seen.push(await historyOf(run, fromClient ? new Map() : minted));
    const user = userMessageOf(run.request).userMessage?.text ?? '';
    const answer = `answer ${seen.length}: ${'x'.repeat(1500)}`;
    run.text(answer);
    await checkpointTurn(run, { user, assistant: answer }, { blobs: minted });
    run.turnEnded();
  });
});
after(() => gateway.close());

const question = (n: number) => `question ${n}: ${'q'.repeat(2000)}`;

/** `turns` more turns of a conversation, as Claude Code sends them: the whole history each time. */
async function converse(messages: Anthropic.MessageParam[], turns: number, system: string): Promise<void> {
  for (let i = 0; i < turns; i++) {
    messages.push({ role: 'user', content: question(messages.length / 2 + 1) });
    const answer = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1000, system, messages });
    messages.push({ role: 'assistant', content: answer.content.map((block) => ({ type: 'text' as const, text: (block as Anthropic.TextBlock).text })) });
  }
}

describe('long sessions', () => {
  it('sends the last checkpoint back: each turn carries only its new message, and Cursor sees the whole history', async () => {
    seen.length = 0;
    const runsBefore = gateway.fake.runs.length;
    const messages: Anthropic.MessageParam[] = [];
    await converse(messages, 12, 'You are terse.');
    const runs = gateway.fake.runs.slice(runsBefore);
    assert.equal(runs.length, 12);
    for (let n = 2; n <= 12; n++) {
      const request = runs[n - 1].request;
      assert.equal(userMessageOf(request).userMessage?.text, question(n), `turn ${n} sends only its new message`);
      assert.equal(request.conversationState?.rootPromptMessagesJson.length, 0, `turn ${n} rebuilds nothing`);
      assert.deepEqual(
        seen[n - 1].turns.map((turn) => turn.user),
        Array.from({ length: n - 1 }, (_, i) => question(i + 1)),
      );
    }
    // Upstream bytes per turn stay O(new message): turn 12 costs what turn 2 cost, though the
    // client's history grew by ~3.5 KB a turn.
    const bytes = runs.map((run) => run.bytesReceived);
    assert.ok(bytes[11] < bytes[1] + 512, `turn 12 sent ${bytes[11]} bytes, turn 2 ${bytes[1]}`);

    // Every blob Cursor minted is still on the client: a server without its copies reads them all back.
    fromClient = true;
    try {
      await converse(messages, 1, 'You are terse.');
    } finally {
      fromClient = false;
    }
    assert.equal(seen.at(-1)!.missing, 0);
    assert.equal(seen.at(-1)!.turns.length, 12);
  });

  it('rebuilds the whole history when the client changed an earlier message', async () => {
    const messages: Anthropic.MessageParam[] = [];
    await converse(messages, 3, 'Edited session.');
    messages[2] = { role: 'user', content: `${question(2)} (edited)` };
    messages.push({ role: 'user', content: question(4) });
    const runsBefore = gateway.fake.runs.length;
    await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1000, system: 'Edited session.', messages });
    const state = gateway.fake.runs[runsBefore].request.conversationState;
    assert.equal(state?.turns.length, 0);
    assert.equal(state?.rootPromptMessagesJson.length, 6);
  });
});
