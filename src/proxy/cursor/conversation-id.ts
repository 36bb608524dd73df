// AgentRunRequest.conversation_id: stable for one client conversation, as the CLI, PI and ED
// keep it (reference §4.2 field 5). A UUID v5 of the session key, or of the first user
// message when the client gives no session key.
import { createHash, randomUUID } from 'node:crypto';
import type { Conversation } from '../conversation.js';

/** Namespace for Thalamus conversation ids (a fixed random UUID). */
const NAMESPACE = Buffer.from('6f1c1e9a4b2d4f8e9a3c5d7e1f2a3b4c', 'hex');

export function conversationIdFor(conversation: Conversation): string {
  if (conversation.sessionKey) return uuidV5(`session:${conversation.sessionKey}`);
  const firstUser = conversation.messages.find((m) => m.role === 'user');
  const text = firstUser?.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
  return text ? uuidV5(`first-user:${text}`) : randomUUID();
}

function uuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
