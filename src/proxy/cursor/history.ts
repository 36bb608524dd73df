// How the earlier messages of a conversation reach a fresh run.
//
// Variant chosen: structured root-prompt blobs (reference §5.4 "History for a fresh run can
// also be given structurally", ED src/proxy.ts:730-827, PI src/pi/request-builder.ts:199-260):
// each earlier message becomes a JSON blob `{"role","content":[{"type":"text","text"}]}` (the
// shapes of §4.3) in the KV store, and the blob ids go into
// conversation_state.root_prompt_messages_json; the server fetches them with get_blob.
// The reference gives no JSON shape for tool calls and results, so they are rendered as text.
// The alternative, 'flattened-transcript' (YK, §5.4 strategy 2), puts the history as plain
// text in front of the user message instead; it is one option away (HistoryMode).
import type { AssistantPart, Message, UserPart } from '../conversation.js';
import type { BlobSource } from './blob-store.js';

export type HistoryMode = 'root-prompt-blobs' | 'flattened-transcript';
export const DEFAULT_HISTORY_MODE: HistoryMode = 'root-prompt-blobs';

export interface RenderedHistory {
  /** Earlier messages with something to replay, oldest first, one root-prompt blob each (root-prompt-blobs mode). */
  rootPromptMessages: Message[];
  /** Text to put before the user message (flattened-transcript mode), else empty. */
  transcript: string;
}

export function renderHistory(messages: Message[], mode: HistoryMode): RenderedHistory {
  if (mode === 'flattened-transcript') {
    const lines = messages
      .map((message) => ({ role: message.role, texts: renderParts(message.content) }))
      .filter((message) => message.texts.length > 0)
      .map((m) => `${m.role === 'user' ? 'User' : 'Assistant'}: ${m.texts.join('\n')}`);
    return { rootPromptMessages: [], transcript: lines.length ? `${lines.join('\n\n')}\n\n` : '' };
  }
  // Rendering waits for rootPromptBlob: most of a long history is stored already (putRendered).
  return { rootPromptMessages: messages.filter((message) => message.content.some(isReplayed)), transcript: '' };
}

/** The blob's bytes: `{"role","content":[{"type":"text","text"}]}`, one text per replayed part. */
export function rootPromptBlob(message: Message): Uint8Array {
  const content = renderParts(message.content).map((text) => ({ type: 'text', text }));
  // Buffer.from: half the time of TextEncoder.encode on large strings.
  return Buffer.from(JSON.stringify({ role: message.role, content }));
}

/**
 * What a message's blob is made from, for BlobStore.putRendered: the strings its rendering
 * depends on, each part behind a marker of its kind (with its item count where it has items),
 * so that different messages never give equal lists; and a digest to find them by, made from
 * each string's length and a few of its characters so that it costs next to nothing. The
 * strings are the parsed request's own, so comparing them copies nothing.
 */
export function rootPromptSource(message: Message): BlobSource {
  const texts: string[] = [message.role];
  for (const part of message.content) {
    if (!isReplayed(part)) continue;
    switch (part.type) {
      case 'text':
        texts.push('text', part.text);
        break;
      case 'image':
        texts.push('image', part.mediaType);
        break;
      case 'tool_call':
        texts.push('tool_call', part.id, part.name, JSON.stringify(part.input ?? {}));
        break;
      case 'tool_result':
        texts.push('tool_result', part.toolCallId, String(part.isError), String(part.content.length));
        for (const item of part.content) {
          if (item.type === 'text') texts.push('text', item.text);
          else texts.push('image', item.mediaType);
        }
        break;
    }
  }
  return { digest: sampledDigest(texts), texts };
}

/** Characters of each text a digest looks at, spread evenly from its first to its last. */
const DIGEST_SAMPLES = 16;

/** FNV-1a over each text's length and up to DIGEST_SAMPLES of its characters. */
function sampledDigest(texts: readonly string[]): number {
  let hash = 0x811c9dc5;
  for (const text of texts) {
    const last = text.length - 1;
    hash = Math.imul(hash ^ text.length, 0x01000193);
    const samples = Math.min(DIGEST_SAMPLES, text.length);
    for (let i = 0; i < samples; i++) {
      const at = samples === 1 ? 0 : Math.round((i * last) / (samples - 1));
      hash = Math.imul(hash ^ text.charCodeAt(at), 0x01000193);
    }
  }
  return hash >>> 0;
}

/** Thinking is not replayed, nor is empty text. */
function isReplayed(part: UserPart | AssistantPart): boolean {
  return part.type !== 'thinking' && !(part.type === 'text' && !part.text);
}

/**
 * One text per part. Thinking is not replayed; images become a placeholder (their bytes only
 * travel with the current user message, as selected images).
 */
export function renderParts(parts: Array<UserPart | AssistantPart>): string[] {
  return parts.filter(isReplayed).flatMap((part): string[] => {
    switch (part.type) {
      case 'text':
        return [part.text];
      case 'image':
        return [imagePlaceholder(part.mediaType)];
      case 'thinking':
        return [];
      case 'tool_call':
        return [`[tool call ${part.name} ${part.id}] ${JSON.stringify(part.input ?? {})}`];
      case 'tool_result': {
        const body = part.content
          .map((item) => (item.type === 'text' ? item.text : imagePlaceholder(item.mediaType)))
          .join('\n');
        return [`[tool result ${part.toolCallId}${part.isError ? ' (error)' : ''}] ${body}`];
      }
    }
  });
}

function imagePlaceholder(mediaType: string): string {
  return `[image ${mediaType}]`;
}

/** The messages before the last user message, and that message. Trailing assistant messages (a prefill) are not sent. */
export function splitAtLastUserMessage(messages: Message[]): {
  history: Message[];
  last: Extract<Message, { role: 'user' }> | undefined;
} {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message.role === 'user') return { history: messages.slice(0, i), last: message };
  }
  return { history: messages, last: undefined };
}
