// Steps both front ends take when building a Conversation, written once.
import type { Effort, Message } from './conversation.js';

const EFFORTS: ReadonlySet<string> = new Set<Effort>(['low', 'medium', 'high', 'xhigh', 'max']);

export function isEffort(value: unknown): value is Effort {
  return typeof value === 'string' && EFFORTS.has(value);
}

/** Folds every system source into one prompt, in order, skipping empty pieces. */
export function joinSystem(pieces: string[]): string {
  return pieces.filter((piece) => piece.trim() !== '').join('\n\n');
}

/**
 * Drops empty messages and merges neighbours of the same role, as Anthropic does with
 * consecutive user turns. Folding `system` entries out of the list, and OpenAI's one
 * message per tool result, both leave such neighbours behind.
 */
export function mergeAdjacent(messages: Message[]): Message[] {
  const merged: Message[] = [];
  for (const message of messages) {
    if (message.content.length === 0) continue;
    const last = merged.at(-1);
    if (last?.role === 'user' && message.role === 'user') {
      merged[merged.length - 1] = { role: 'user', content: [...last.content, ...message.content] };
    } else if (last?.role === 'assistant' && message.role === 'assistant') {
      merged[merged.length - 1] = { role: 'assistant', content: [...last.content, ...message.content] };
    } else {
      merged.push(message);
    }
  }
  return merged;
}
