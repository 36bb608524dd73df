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

export type HistoryMode = 'root-prompt-blobs' | 'flattened-transcript';
export const DEFAULT_HISTORY_MODE: HistoryMode = 'root-prompt-blobs';

export interface RenderedHistory {
  /** Blob contents for root_prompt_messages_json, oldest first (root-prompt-blobs mode). */
  rootPromptBlobs: Uint8Array[];
  /** Text to put before the user message (flattened-transcript mode), else empty. */
  transcript: string;
}

export function renderHistory(messages: Message[], mode: HistoryMode): RenderedHistory {
  const rendered = messages
    .map((message) => ({ role: message.role, texts: renderParts(message.content) }))
    .filter((message) => message.texts.length > 0);
  if (mode === 'flattened-transcript') {
    const lines = rendered.map((m) => `${m.role === 'user' ? 'User' : 'Assistant'}: ${m.texts.join('\n')}`);
    return { rootPromptBlobs: [], transcript: lines.length ? `${lines.join('\n\n')}\n\n` : '' };
  }
  return {
    // Buffer.from: half the time of TextEncoder.encode on large strings.
    rootPromptBlobs: rendered.map((m) =>
      Buffer.from(JSON.stringify({ role: m.role, content: m.texts.map((text) => ({ type: 'text', text })) })),
    ),
    transcript: '',
  };
}

/**
 * One text per part. Thinking is not replayed; images become a placeholder (their bytes only
 * travel with the current user message, as selected images).
 */
export function renderParts(parts: Array<UserPart | AssistantPart>): string[] {
  return parts.flatMap((part): string[] => {
    switch (part.type) {
      case 'text':
        return part.text ? [part.text] : [];
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
