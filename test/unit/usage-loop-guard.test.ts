// What counts as a repeated tool call: same name, same input (key order aside), since the person last spoke.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Conversation, Message } from '../../src/proxy/conversation.js';
import { canonicalJson, trailingRepeat } from '../../src/proxy/usage/loop-guard.js';

const call = (id: string, name: string, input: unknown): Message => ({ role: 'assistant', content: [{ type: 'tool_call', id, name, input }] });
const result = (id: string): Message => ({ role: 'user', content: [{ type: 'tool_result', toolCallId: id, content: [{ type: 'text', text: 'x' }], isError: false }] });
const conversation = (messages: Message[]) => ({ messages }) as unknown as Conversation;

describe('trailingRepeat', () => {
  it('counts the identical calls at the end', () => {
    const messages = [call('1', 'ls', { dir: '/' }), result('1'), call('2', 'read', { a: 1, b: 2 }), result('2'), call('3', 'read', { b: 2, a: 1 }), result('3')];
    assert.deepEqual(trailingRepeat(conversation(messages)), { name: 'read', input: '{"a":1,"b":2}', count: 2 });
  });

  it('a person speaking breaks the chain; a different input does too', () => {
    const person: Message = { role: 'user', content: [{ type: 'text', text: 'try again' }] };
    assert.equal(trailingRepeat(conversation([call('1', 'read', { a: 1 }), result('1'), person, call('2', 'read', { a: 1 }), result('2')]))?.count, 1);
    assert.equal(trailingRepeat(conversation([call('1', 'read', { a: 1 }), result('1'), call('2', 'read', { a: 2 }), result('2')]))?.count, 1);
    assert.equal(trailingRepeat(conversation([person])), undefined);
  });

  it('canonical JSON sorts keys at every depth', () => {
    assert.equal(canonicalJson({ b: { d: 1, c: [2, { f: 1, e: 0 }] }, a: null }), '{"a":null,"b":{"c":[2,{"e":0,"f":1}],"d":1}}');
  });
});
