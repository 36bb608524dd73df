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

/**
 * `messages` as at most `maxRootBlobs` blobs of at most `maxRootBytes` bytes in all, with
 * `reservedBytes` (the system prompt) counted in. Unchanged when they fit, which is the rule.
 */
export function boundReplay(messages: Message[], bounds: ReplayBounds, reservedBytes = 0): BoundedReplay {
  const budget = bounds.maxRootBytes - reservedBytes;
  // A UTF-16 unit is at most 3 UTF-8 bytes, 6 when JSON escapes it: only near the bound are blobs sized exactly.
  let chars = 0;
  for (const message of messages) for (const text of renderParts(message.content)) chars += text.length;
  const surelyFits = chars * 6 + messages.length * BLOB_OVERHEAD <= budget;
  if (surelyFits && messages.length <= bounds.maxRootBlobs) return { messages, packed: 0, omitted: 0 };

  let kept = messages;
  let omitted = 0;
  if (!surelyFits) {
    const sizes = messages.map((message) => rootPromptBlob(message).length);
    const newestToolResult = messages.findLastIndex((message) => message.content.some((part) => part.type === 'tool_result'));
    let total = sizes.reduce((sum, size) => sum + size, 0);
    // The note takes a blob and some bytes of its own.
    while (total + (omitted > 0 ? 0 : 2 * BLOB_OVERHEAD + 160) > budget && omitted < messages.length - 1 && omitted !== newestToolResult) {
      total -= sizes[omitted];
      omitted++;
    }
    if (omitted > 0) kept = [omissionNote(omitted, bounds), ...messages.slice(omitted)];
  }
  if (kept.length <= bounds.maxRootBlobs) return { messages: kept, packed: 0, omitted };
  const packCount = kept.length - bounds.maxRootBlobs + 1;
  return { messages: [pack(kept.slice(0, packCount)), ...kept.slice(packCount)], packed: packCount, omitted };
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
