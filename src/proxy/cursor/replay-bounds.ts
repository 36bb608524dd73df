// The bound Cursor puts on a rebuilt history for named third-party models (cursor-limits.md §6):
// more than 192 root-prompt blobs or 512 KiB of them is rejected with a late, bare
// invalid_argument after every blob was fetched, so such a set is never sent. Older messages are
// packed together to fit the count, and the oldest are left out (said in one note blob, and in
// the log) to fit the bytes; the newest tool result always stays whole.
import type { Message } from '../conversation.js';
import { poolOfModel } from '../pool-status.js';
import { renderParts, rootPromptBlob } from './history.js';

export interface ReplayBounds {
  maxRootBlobs: number;
  maxRootBytes: number;
}

/** As observed (2026-08), with the system prompt counted in the bytes. */
export const THIRD_PARTY_REPLAY_BOUNDS: ReplayBounds = { maxRootBlobs: 192, maxRootBytes: 512 * 1024 };

/** Auto and Composer were not seen to have the bound; named third-party models (the API pool) do. */
export function replayBoundsFor(modelId: string): ReplayBounds | undefined {
  return poolOfModel(modelId) === 'api' ? THIRD_PARTY_REPLAY_BOUNDS : undefined;
}

export interface BoundedReplay {
  messages: Message[];
  /** Messages packed into one blob to fit the count. */
  packed: number;
  /** Oldest messages left out to fit the bytes. */
  omitted: number;
}

/** JSON framing of a blob beyond its texts. */
const BLOB_OVERHEAD = 64;

/** Bytes the omission note's blob takes, framing included. */
const NOTE_BYTES = 2 * BLOB_OVERHEAD + 160;

/**
 * `messages` as at most `maxRootBlobs` blobs of at most `maxRootBytes` bytes in all, with
 * `reservedBytes` (the system prompt) counted in. Unchanged when they fit, which is the rule.
 * `blobSize` gives a message's blob bytes (rootPromptBlob's length); the gateway passes one that
 * finds blobs it stored before, as serialising a long history on every turn costs milliseconds.
 */
export function boundReplay(
  messages: Message[],
  bounds: ReplayBounds,
  reservedBytes = 0,
  blobSize: (message: Message) => number = (message) => rootPromptBlob(message).length,
): BoundedReplay {
  const budget = bounds.maxRootBytes - reservedBytes;
  // A UTF-16 unit is at most 3 UTF-8 bytes, 6 when JSON escapes it: only near the bound are blobs sized exactly.
  const surelyFits = surelyFitsBytes(messages, budget);
  if (surelyFits && messages.length <= bounds.maxRootBlobs) return { messages, packed: 0, omitted: 0 };

  let kept = messages;
  let omitted = 0;
  if (!surelyFits) {
    const newestToolResult = messages.findLastIndex((message) => message.content.some((part) => part.type === 'tool_result'));
    // At least one message stays, and the newest tool result stays whole.
    const mostOmitted = newestToolResult >= 0 ? newestToolResult : messages.length - 1;
    omitted = Math.min(fewestToOmit(messages, budget, blobSize), mostOmitted);
    if (omitted > 0) kept = [omissionNote(omitted, bounds), ...messages.slice(omitted)];
  }
  if (kept.length <= bounds.maxRootBlobs) return { messages: kept, packed: 0, omitted };
  const packCount = kept.length - bounds.maxRootBlobs + 1;
  return { messages: [pack(kept.slice(0, packCount)), ...kept.slice(packCount)], packed: packCount, omitted };
}

/** At most `budget` bytes even if every character took 6: counted until it cannot be so (a long history soon). */
function surelyFitsBytes(messages: Message[], budget: number): boolean {
  const charBudget = (budget - messages.length * BLOB_OVERHEAD) / 6;
  let chars = 0;
  for (const message of messages) {
    for (const text of renderParts(message.content)) chars += text.length;
    if (chars > charBudget) return false;
  }
  return true;
}

/**
 * How many of the oldest messages must go for the rest, with the note saying so, to fit
 * `budget` (none when all fit as they are). Sized from the newest back, stopping once the
 * older ones cannot fit: the messages left out, never stored, are not all serialised.
 */
function fewestToOmit(messages: Message[], budget: number, blobSize: (message: Message) => number): number {
  let newerBytes = 0;
  let fewest = messages.length;
  for (let first = messages.length - 1; first >= 0; first--) {
    newerBytes += blobSize(messages[first]);
    if (first === 0) return newerBytes <= budget ? 0 : fewest;
    if (newerBytes + NOTE_BYTES <= budget) fewest = first;
    else if (newerBytes > budget) return fewest;
  }
  return fewest;
}

function omissionNote(count: number, bounds: ReplayBounds): Message {
  const text =
    `[${count} earlier message${count === 1 ? '' : 's'} of this conversation left out: ` +
    `a rebuilt history on this model is limited to ${Math.floor(bounds.maxRootBytes / 1024)} KiB]`;
  return { role: 'user', content: [{ type: 'text', text }] };
}

/** Several messages as one user blob, each under its role. */
function pack(messages: Message[]): Message {
  const lines = messages.map((message) => `${message.role === 'user' ? 'User' : 'Assistant'}: ${renderParts(message.content).join('\n')}`);
  return { role: 'user', content: [{ type: 'text', text: `[earlier messages of this conversation]\n\n${lines.join('\n\n')}` }] };
}
