import { create, fromBinary, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgentServerMessageSchema } from '../../src/gen/agent/v1/agent_service_pb.js';
import { readPlainDelta } from '../../src/proxy/cursor/delta-fast-path.js';

type ServerInit = MessageInitShape<typeof AgentServerMessageSchema>;

const encode = (init: ServerInit) => toBinary(AgentServerMessageSchema, create(AgentServerMessageSchema, init));
const update = (message: ServerInit['message']): ServerInit => ({ message });
const textDelta = (text: string) => encode(update({ case: 'interactionUpdate', value: { message: { case: 'textDelta', value: { text } } } }));
const thinkingDelta = (text: string) => encode(update({ case: 'interactionUpdate', value: { message: { case: 'thinkingDelta', value: { text } } } }));

/** What the slow path (fromBinary) makes of the bytes, in the fast path's terms. */
function viaFromBinary(bytes: Uint8Array) {
  const m = fromBinary(AgentServerMessageSchema, bytes).message;
  if (m.case !== 'interactionUpdate') return undefined;
  const u = m.value.message;
  return u.case === 'textDelta' || u.case === 'thinkingDelta' ? { kind: u.case, text: u.value.text } : undefined;
}

describe('readPlainDelta (the relay fast path)', () => {
  it('reads text and thinking deltas exactly as fromBinary does', () => {
    const texts = ['Hi', 'ünïcödé ✓ 你好 🙂', 'x'.repeat(127), 'y'.repeat(128), 'z'.repeat(20_000), 'line\nbreak\u0000nul'];
    for (const text of texts) {
      for (const bytes of [textDelta(text), thinkingDelta(text)]) {
        const fast = readPlainDelta(bytes);
        assert.ok(fast, `fast path for ${text.length} chars`);
        assert.deepEqual(fast, viaFromBinary(bytes));
      }
    }
    assert.equal(readPlainDelta(thinkingDelta('hm'))?.kind, 'thinkingDelta');
  });

  it('reads a payload that is a view into a larger buffer', () => {
    const bytes = textDelta('inside');
    const big = new Uint8Array(bytes.length + 10);
    big.set(bytes, 5);
    assert.deepEqual(readPlainDelta(big.subarray(5, 5 + bytes.length)), { kind: 'textDelta', text: 'inside' });
  });

  it('leaves every other message to fromBinary', () => {
    const others: Uint8Array[] = [
      textDelta(''), // an empty delta has no text field at all
      encode(update({ case: 'interactionUpdate', value: { message: { case: 'heartbeat', value: {} } } })),
      encode(update({ case: 'interactionUpdate', value: { message: { case: 'tokenDelta', value: { tokens: 3 } } } })),
      encode(update({ case: 'interactionUpdate', value: { message: { case: 'turnEnded', value: {} } } })),
      encode(update({ case: 'conversationCheckpointUpdate', value: {} })),
      new TextEncoder().encode('{"error":{"code":"internal"}}'),
      new Uint8Array(0),
      textDelta('truncated').subarray(0, 8),
    ];
    for (const bytes of others) assert.equal(readPlainDelta(bytes), undefined);
  });

  it('leaves a delta with anything more in it to fromBinary', () => {
    const delta = textDelta('hi');
    // An extra (unknown) field after the interaction update, at the top level.
    const extra = new BinaryWriter().raw(delta).tag(99, WireType.Varint).uint32(1).finish();
    assert.equal(readPlainDelta(extra), undefined);
    assert.deepEqual(viaFromBinary(extra), { kind: 'textDelta', text: 'hi' });
    // The same delta written twice: protobuf merges them, so it is not "one delta".
    const twice = new Uint8Array([...delta, ...delta]);
    assert.equal(readPlainDelta(twice), undefined);
    // A length with a redundant continuation byte (0x82 0x00 = 2) is valid protobuf, and still read alike.
    const padded = new Uint8Array([0x0a, 0x07, 0x0a, 0x05, 0x0a, 0x82, 0x00, 0x68, 0x69]);
    assert.deepEqual(readPlainDelta(padded), viaFromBinary(padded));
  });
});
