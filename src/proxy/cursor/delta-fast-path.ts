// The hot path of a streaming run. Nearly every server message of a long answer is a text or
// thinking delta: AgentServerMessage{interaction_update{text_delta|thinking_delta{text}}} and
// nothing else. Decoding those with fromBinary was ~70% of the gateway's CPU per relayed delta
// (relay bench, profiled), so this reads exactly that shape off the bytes. Anything else (another
// field, another message, an empty or oddly encoded delta) is left to fromBinary: the fast path
// only ever answers for messages fromBinary would decode to the same delta.
import { AgentServerMessageSchema } from '../../gen/agent/v1/agent_service_pb.js';
import { InteractionUpdateSchema, TextDeltaUpdateSchema, ThinkingDeltaUpdateSchema } from '../../gen/agent/v1/interaction_pb.js';

export interface PlainDelta {
  kind: 'textDelta' | 'thinkingDelta';
  text: string;
}

/** The one-byte tag of a length-delimited field numbered below 16. */
function lengthDelimitedTag(fieldNumber: number): number {
  if (fieldNumber >= 16) throw new Error(`field ${fieldNumber} needs a multi-byte tag`);
  return (fieldNumber << 3) | 2;
}

const INTERACTION_UPDATE_TAG = lengthDelimitedTag(AgentServerMessageSchema.field.interactionUpdate.number);
const TEXT_DELTA_TAG = lengthDelimitedTag(InteractionUpdateSchema.field.textDelta.number);
const THINKING_DELTA_TAG = lengthDelimitedTag(InteractionUpdateSchema.field.thinkingDelta.number);
const DELTA_TEXT_TAG = lengthDelimitedTag(TextDeltaUpdateSchema.field.text.number);
if (ThinkingDeltaUpdateSchema.field.text.number !== TextDeltaUpdateSchema.field.text.number) {
  throw new Error('text and thinking deltas are expected to number their text alike');
}

/** The delta `payload` holds, if it is nothing but one non-empty text or thinking delta. */
export function readPlainDelta(payload: Uint8Array): PlainDelta | undefined {
  const end = payload.length;
  let pos = fieldSpanningRest(payload, 0, INTERACTION_UPDATE_TAG);
  if (pos < 0) return undefined;
  const kindTag = payload[pos];
  const kind = kindTag === TEXT_DELTA_TAG ? 'textDelta' : kindTag === THINKING_DELTA_TAG ? 'thinkingDelta' : undefined;
  if (kind === undefined) return undefined;
  pos = fieldSpanningRest(payload, pos, kindTag);
  if (pos < 0) return undefined;
  pos = fieldSpanningRest(payload, pos, DELTA_TEXT_TAG);
  if (pos < 0 || pos === end) return undefined;
  // Invalid UTF-8 becomes U+FFFD, as with protobuf-es's TextDecoder. Payloads are views into
  // the stream's Buffer chunks: decoding in place saves a Buffer object per delta.
  const text = Buffer.isBuffer(payload) ? payload.toString('utf8', pos, end) : Buffer.from(payload.buffer, payload.byteOffset + pos, end - pos).toString('utf8');
  return { kind, text };
}

/**
 * Where the value of the field tagged `tag` at `pos` starts, if that field's length runs
 * exactly to the end of `bytes`; -1 otherwise.
 */
function fieldSpanningRest(bytes: Uint8Array, pos: number, tag: number): number {
  if (bytes[pos] !== tag) return -1;
  pos++;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= bytes.length || shift > 28) return -1;
    const byte = bytes[pos++];
    length += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) break;
  }
  return pos + length === bytes.length ? pos : -1;
}
