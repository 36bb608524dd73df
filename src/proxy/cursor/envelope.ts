// Connect streaming envelopes (reference §3.1): [flags: 1 byte][length: uint32 BE][payload].
import { gunzipSync } from 'node:zlib';

/** Payload compressed with the negotiated connect-content-encoding (gzip). */
export const FLAG_COMPRESSED = 0x01;
/** Last frame of a response; the payload is the end-of-stream JSON. */
export const FLAG_END_STREAM = 0x02;

const HEADER_BYTES = 5;

export interface Envelope {
  flags: number;
  data: Uint8Array;
}

export function encodeEnvelope(flags: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + data.length);
  out[0] = flags;
  new DataView(out.buffer).setUint32(1, data.length, false);
  out.set(data, HEADER_BYTES);
  return out;
}

/** The payload of an envelope, gunzipped when its compressed flag is set. */
export function envelopePayload(envelope: Envelope): Uint8Array {
  return envelope.flags & FLAG_COMPRESSED ? new Uint8Array(gunzipSync(envelope.data)) : envelope.data;
}

/**
 * Reassembles envelopes from a byte stream whose chunks may split or merge frames.
 * Holds at most one incomplete frame.
 */
export class EnvelopeDecoder {
  private buffered: Uint8Array = new Uint8Array(0);

  /** Feeds one chunk; returns every envelope it completes, in order. */
  push(chunk: Uint8Array): Envelope[] {
    const bytes = this.buffered.length === 0 ? chunk : concat(this.buffered, chunk);
    const envelopes: Envelope[] = [];
    let offset = 0;
    while (bytes.length - offset >= HEADER_BYTES) {
      // uint32 big-endian, read by hand: a DataView per frame is an allocation per text delta.
      const length = bytes[offset + 1] * 0x1000000 + ((bytes[offset + 2] << 16) | (bytes[offset + 3] << 8) | bytes[offset + 4]);
      const end = offset + HEADER_BYTES + length;
      if (end > bytes.length) break;
      envelopes.push({ flags: bytes[offset], data: bytes.subarray(offset + HEADER_BYTES, end) });
      offset = end;
    }
    // Copy the tail so a large chunk is not kept alive by a small leftover view.
    this.buffered = offset === bytes.length ? new Uint8Array(0) : bytes.slice(offset);
    return envelopes;
  }

  /** Bytes of an incomplete frame still waiting for the rest. */
  get pendingBytes(): number {
    return this.buffered.length;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
