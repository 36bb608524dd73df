import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import {
  EnvelopeDecoder,
  FLAG_COMPRESSED,
  FLAG_END_STREAM,
  encodeEnvelope,
  envelopePayload,
} from '../../src/proxy/cursor/envelope.js';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('Connect envelopes (reference §3.1)', () => {
  it('encodes flags, a big-endian length and the payload', () => {
    assert.deepEqual(encodeEnvelope(0, bytes(0xaa, 0xbb)), bytes(0, 0, 0, 0, 2, 0xaa, 0xbb));
  });

  it('reads lengths that use every byte of the header', () => {
    for (const size of [0, 255, 256, 65_539, 16_777_217]) {
      const data = new Uint8Array(size).fill(size % 251);
      const [envelope] = new EnvelopeDecoder().push(encodeEnvelope(FLAG_END_STREAM, data));
      assert.equal(envelope?.data.length, size);
      assert.equal(envelope.flags, FLAG_END_STREAM);
    }
    // 0x80000000 and more: an incomplete frame, not a negative length.
    const decoder = new EnvelopeDecoder();
    assert.deepEqual(decoder.push(bytes(0, 0x80, 0, 0, 1, 7)), []);
    assert.equal(decoder.pendingBytes, 6);
  });

  it('reassembles a frame split across chunks, one byte at a time', () => {
    const frame = encodeEnvelope(0, bytes(1, 2, 3, 4, 5, 6));
    const decoder = new EnvelopeDecoder();
    const seen = [];
    for (const byte of frame) seen.push(...decoder.push(bytes(byte)));
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0].data, bytes(1, 2, 3, 4, 5, 6));
    assert.equal(decoder.pendingBytes, 0);
  });

  it('splits several frames merged into one chunk and keeps the incomplete tail', () => {
    const a = encodeEnvelope(0, bytes(1));
    const b = encodeEnvelope(0, bytes(2, 2));
    const c = encodeEnvelope(FLAG_END_STREAM, new TextEncoder().encode('{}'));
    const all = new Uint8Array([...a, ...b, ...c]);
    const decoder = new EnvelopeDecoder();
    const first = decoder.push(all.subarray(0, a.length + b.length + 3));
    assert.deepEqual(
      first.map((e) => [...e.data]),
      [[1], [2, 2]],
    );
    assert.equal(decoder.pendingBytes, 3);
    const rest = decoder.push(all.subarray(a.length + b.length + 3));
    assert.equal(rest.length, 1);
    assert.equal(rest[0].flags & FLAG_END_STREAM, FLAG_END_STREAM);
    assert.equal(new TextDecoder().decode(rest[0].data), '{}');
  });

  it('yields zero-length payloads (an empty message is a valid frame)', () => {
    const decoder = new EnvelopeDecoder();
    const frames = decoder.push(new Uint8Array([...encodeEnvelope(0, bytes()), ...encodeEnvelope(0, bytes(9))]));
    assert.deepEqual(
      frames.map((e) => e.data.length),
      [0, 1],
    );
  });

  it('gunzips a payload whose compressed flag is set, and leaves others alone', () => {
    const plain = new TextEncoder().encode('hello hello hello');
    const [compressed] = new EnvelopeDecoder().push(encodeEnvelope(FLAG_COMPRESSED, gzipSync(plain)));
    assert.deepEqual(envelopePayload(compressed), plain);
    const [uncompressed] = new EnvelopeDecoder().push(encodeEnvelope(0, plain));
    assert.deepEqual(envelopePayload(uncompressed), plain);
  });
});
