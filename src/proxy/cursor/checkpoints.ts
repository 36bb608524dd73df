// The last `conversation_checkpoint_update` of each conversation (cursor-limits.md §6): Cursor's
// own ConversationStateStructure once a run's answer is complete. Sent back as the next run's
// conversation_state, it lets a continuing session send only its new user message instead of
// rebuilding the whole history as root-prompt blobs. Bounded by count and by bytes (a state can
// carry whole turns): least recently used out.
import { createHash } from 'node:crypto';
import { toBinary } from '@bufbuild/protobuf';
import { type ConversationStateStructure, ConversationStateStructureSchema } from '../../gen/agent/v1/agent_pb.js';
import type { Message } from '../conversation.js';
import { LruMap } from '../util/lru-map.js';
import { renderParts } from './history.js';

export const DEFAULT_MAX_CHECKPOINTS = 512;
export const DEFAULT_MAX_CHECKPOINT_BYTES = 32 * 1024 * 1024;
/** What an entry costs besides its state and texts: the digest, the key, the objects. */
const ENTRY_OVERHEAD_BYTES = 256;

export interface Checkpoint {
  /** Cursor's state after the answer. */
  state: ConversationStateStructure;
  /** How many client messages the run was sent (up to and including its last user message). */
  promptMessages: number;
  /** promptDigest() of those messages. */
  promptDigest: string;
  /** The text the run answered with, as the client will send it back. */
  answerText: string;
  /** The Cursor model that answered. */
  modelId: string;
}

export class CheckpointStore {
  private readonly entries = new LruMap<string, { checkpoint: Checkpoint; bytes: number }>();
  private totalBytes = 0;

  constructor(
    private readonly maxEntries = DEFAULT_MAX_CHECKPOINTS,
    private readonly maxBytes = DEFAULT_MAX_CHECKPOINT_BYTES,
  ) {}

  /**
   * Keeps `checkpoint` as the conversation's latest, replacing any earlier one. One larger than
   * the whole bound is not kept (the conversation's next turn rebuilds its history instead).
   */
  record(conversationId: string, checkpoint: Checkpoint): void {
    this.forget(conversationId);
    const bytes = checkpointBytes(checkpoint);
    if (bytes > this.maxBytes) return;
    this.entries.set(conversationId, { checkpoint, bytes });
    this.totalBytes += bytes;
    this.entries.evictWhile(
      () => this.entries.size > this.maxEntries || this.totalBytes > this.maxBytes,
      (_, evicted) => (this.totalBytes -= evicted.bytes),
    );
  }

  /** The conversation's latest checkpoint, if one is kept. */
  latest(conversationId: string): Checkpoint | undefined {
    return this.entries.get(conversationId)?.checkpoint;
  }

  forget(conversationId: string): void {
    const removed = this.entries.delete(conversationId);
    if (removed) this.totalBytes -= removed.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes of the checkpoints kept (estimated: their states encoded, their texts, overhead). */
  get bytes(): number {
    return this.totalBytes;
  }
}

function checkpointBytes(checkpoint: Checkpoint): number {
  const state = toBinary(ConversationStateStructureSchema, checkpoint.state).byteLength;
  return state + 2 * (checkpoint.answerText.length + checkpoint.promptDigest.length + checkpoint.modelId.length) + ENTRY_OVERHEAD_BYTES;
}

/** A state worth resuming from: it holds the history (a bare token count does not). */
export function carriesHistory(state: ConversationStateStructure): boolean {
  return state.rootPromptMessagesJson.length > 0 || state.turns.length > 0 || state.turnsOld.length > 0 || state.summary !== undefined;
}

/**
 * Whether `messages` continue the checkpointed exchange by exactly one new user message: the
 * messages the run was sent, unchanged; then its answer, as given; then the new user message.
 * Anything else (an edit, a retry, a compaction, several new messages) rebuilds the history.
 */
export function continuesCheckpoint(messages: Message[], checkpoint: Checkpoint): boolean {
  const { promptMessages } = checkpoint;
  if (messages.length !== promptMessages + 2) return false;
  const answer = messages[promptMessages];
  const next = messages[promptMessages + 1];
  if (answer.role !== 'assistant' || next.role !== 'user') return false;
  if (next.content.some((part) => part.type === 'tool_result')) return false;
  if (answerTextOf(answer) !== checkpoint.answerText) return false;
  return promptDigest(messages.slice(0, promptMessages)) === checkpoint.promptDigest;
}

/** The answer's visible text as a client sends it back (thinking and tool calls aside). */
export function answerTextOf(message: Message): string {
  let text = '';
  for (const part of message.content) if (part.type === 'text') text += part.text;
  return text;
}

/** SHA-256 over each message's role and rendered parts: an edit anywhere changes it. */
export function promptDigest(messages: Message[]): string {
  const hash = createHash('sha256');
  for (const message of messages) {
    hash.update(`\0${message.role}`);
    for (const text of renderParts(message.content)) hash.update(`\0${text}`);
  }
  return hash.digest('hex');
}
