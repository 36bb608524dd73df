import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create } from '@bufbuild/protobuf';
import { ConversationStateStructureSchema } from '../../src/gen/agent/v1/agent_pb.js';
import type { Message } from '../../src/proxy/conversation.js';
import { type Checkpoint, CheckpointStore, carriesHistory, continuesCheckpoint, promptDigest } from '../../src/proxy/cursor/checkpoints.js';

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const assistant = (text: string): Message => ({ role: 'assistant', content: [{ type: 'text', text }] });
const state = create(ConversationStateStructureSchema, { turns: [new Uint8Array(32)] });

function checkpointOf(prompt: Message[], answerText: string): Checkpoint {
  return { state, promptMessages: prompt.length, promptDigest: promptDigest(prompt), answerText, modelId: 'gpt-5' };
}

describe('checkpoints', () => {
  const prompt = [user('a'), assistant('b'), user('c')];
  const kept = checkpointOf(prompt, 'd');

  it('continue by exactly one new user message after the unchanged prompt and answer', () => {
    assert.equal(continuesCheckpoint([...prompt, assistant('d'), user('e')], kept), true);
  });

  it('do not continue an edited prompt, another answer, several new messages or tool results', () => {
    assert.equal(continuesCheckpoint([user('a'), assistant('B'), user('c'), assistant('d'), user('e')], kept), false);
    assert.equal(continuesCheckpoint([...prompt, assistant('other'), user('e')], kept), false);
    assert.equal(continuesCheckpoint([...prompt, assistant('d'), user('e'), assistant('f'), user('g')], kept), false);
    const toolResult: Message = { role: 'user', content: [{ type: 'tool_result', toolCallId: 't', content: [], isError: false }] };
    assert.equal(continuesCheckpoint([...prompt, assistant('d'), toolResult], kept), false);
    assert.equal(continuesCheckpoint(prompt, kept), false);
  });

  it('a bare token count carries no history', () => {
    assert.equal(carriesHistory(create(ConversationStateStructureSchema, { tokenDetails: { usedTokens: 5, maxTokens: 9 } })), false);
    assert.equal(carriesHistory(state), true);
  });

  it('the store keeps the latest per conversation, least recently used out', () => {
    const store = new CheckpointStore(2);
    store.record('a', kept);
    store.record('b', kept);
    store.record('a', checkpointOf(prompt, 'newer'));
    store.record('c', kept);
    assert.equal(store.latest('a')?.answerText, 'newer');
    assert.equal(store.latest('b'), undefined);
    assert.equal(store.size, 2);
  });

  it('the store is bounded by bytes too: large states push the least recently used out, one over the bound is not kept', () => {
    const withTurn = (bytes: number): Checkpoint => ({ ...kept, state: create(ConversationStateStructureSchema, { turns: [new Uint8Array(bytes)] }) });
    const store = new CheckpointStore(100, 10_000);
    store.record('a', withTurn(4_000));
    store.record('b', withTurn(4_000));
    assert.equal(store.size, 2);
    const twoKept = store.bytes;
    assert.ok(twoKept > 8_000 && twoKept <= 10_000, `${twoKept}`);
    store.latest('a');
    store.record('c', withTurn(4_000));
    assert.equal(store.latest('b'), undefined, 'least recently used out');
    assert.ok(store.latest('a') && store.latest('c'));
    assert.equal(store.bytes, twoKept);
    store.record('a', withTurn(100));
    assert.ok(store.bytes < twoKept, 'a replaced checkpoint no longer counts');
    store.record('d', withTurn(20_000));
    assert.equal(store.latest('d'), undefined);
    store.record('c', withTurn(20_000));
    assert.equal(store.latest('c'), undefined, 'an earlier checkpoint is not kept in place of one too large');
    store.forget('a');
    assert.equal(store.size, 0);
    assert.equal(store.bytes, 0);
  });
});
