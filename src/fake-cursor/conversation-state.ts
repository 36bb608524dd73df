// How the fake keeps a conversation the way Cursor's server does (cursor-limits.md §6): after a
// turn it mints a blob for the turn on the client (set_blob_args) and sends a checkpoint whose
// state is the request's state plus that turn; a later run that sends the checkpoint back is
// read again, from what the server already holds (`ServerBlobs`) or else from the client's KV
// store. Turn blobs are JSON `{"user","assistant"}` here (the real ones are
// ConversationTurnStructure protobufs; the fake only needs to read its own).
import type { ConversationStateStructure } from '../gen/agent/v1/agent_pb.js';
import type { FakeError, FakeRun } from './types.js';

export interface FakeTurn {
  user: string;
  assistant: string;
}

/** Blobs the server holds itself (the ones it minted), by lower-hex id. */
export type ServerBlobs = Map<string, Uint8Array>;

const hex = (id: Uint8Array) => Buffer.from(id).toString('hex');

/** Mints this turn's blob on the client (remembered in `blobs`) and checkpoints the state that includes it. */
export async function checkpointTurn(
  run: FakeRun,
  turn: FakeTurn,
  options: { blobs?: ServerBlobs; tokenDetails?: { usedTokens: number; maxTokens: number } } = {},
): Promise<void> {
  const data = Buffer.from(JSON.stringify(turn));
  const turnId = await run.setBlob(data);
  options.blobs?.set(hex(turnId), data);
  const before = run.request.conversationState;
  const state: Partial<ConversationStateStructure> = {
    rootPromptMessagesJson: before?.rootPromptMessagesJson ?? [],
    turns: [...(before?.turns ?? []), turnId],
  };
  if (options.tokenDetails) state.tokenDetails = options.tokenDetails as ConversationStateStructure['tokenDetails'];
  run.checkpoint(state);
}

export interface FakeHistory {
  rootMessages: unknown[];
  turns: FakeTurn[];
  /** Bytes of the root-prompt blobs. */
  rootBytes: number;
  /** Ids neither the server nor the client had. */
  missing: number;
}

/** The history a run carries: known blobs from `blobs`, the rest fetched from the client. */
export async function historyOf(run: FakeRun, blobs: ServerBlobs = new Map()): Promise<FakeHistory> {
  const state = run.request.conversationState;
  const read = async (id: Uint8Array) => blobs.get(hex(id)) ?? (await run.getBlob(id));
  const history: FakeHistory = { rootMessages: [], turns: [], rootBytes: 0, missing: 0 };
  for (const id of state?.rootPromptMessagesJson ?? []) {
    const blob = await read(id);
    if (blob === undefined) history.missing++;
    else {
      history.rootBytes += blob.length;
      history.rootMessages.push(JSON.parse(Buffer.from(blob).toString('utf8')));
    }
  }
  for (const id of state?.turns ?? []) {
    const blob = await read(id);
    if (blob === undefined) history.missing++;
    else history.turns.push(JSON.parse(Buffer.from(blob).toString('utf8')) as FakeTurn);
  }
  return history;
}

/**
 * The real server's bound on a rebuilt history for named third-party models (cursor-limits.md
 * §6): it fetches every root-prompt blob first, then rejects a set over the bound with a late,
 * bare invalid_argument. Resolves with that error, or undefined when the set is within it.
 */
export async function replayBoundsError(
  run: FakeRun,
  bounds: { maxRootBlobs: number; maxRootBytes: number },
): Promise<FakeError | undefined> {
  const ids = run.request.conversationState?.rootPromptMessagesJson ?? [];
  if (ids.length === 0) return undefined;
  let bytes = 0;
  for (const id of ids) bytes += (await run.getBlob(id))?.length ?? 0;
  return ids.length > bounds.maxRootBlobs || bytes > bounds.maxRootBytes ? { code: 'invalid_argument', message: '' } : undefined;
}
