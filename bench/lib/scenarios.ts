// What the fake Cursor server does on each Run during a measurement. Scenarios are data (they
// cross the IPC channel to the fake's process); `scriptFor` turns one into a RunScript.
import { checkpointTurn, historyOf, type RunScript, type ServerBlobs } from '../../src/fake-cursor/index.js';

export type Scenario =
  /** Answers at once with one text delta: the time-to-first-byte case. */
  | { kind: 'reply'; text: string }
  /** `chunks` text deltas written as fast as the fake can: the relay case. */
  | { kind: 'stream'; chunks: number; text: string }
  /** One text delta, then holds the stream open until the client goes away. */
  | { kind: 'hold'; text: string }
  /**
   * Fetches every history blob over KV (as Cursor does for a fresh run), then calls `tool`
   * `toolCalls` times in a row, one step each, and answers with text.
   */
  | { kind: 'tools'; tool: string; toolCalls: number }
  /**
   * A plain conversation turn as Cursor's server runs it: reads the history it is sent (root
   * blobs over KV, its own turn blobs from memory), answers `answer`, and, with `checkpoint`,
   * mints the turn as a blob on the client and sends the checkpoint (without, the client must
   * rebuild the history every turn).
   */
  | { kind: 'session'; answer: string; checkpoint: boolean };

/** Longest a held stream stays open; the measurement releases it long before. */
const HOLD_MS = 10 * 60_000;

export function scriptFor(scenario: Scenario): RunScript {
  switch (scenario.kind) {
    case 'reply':
      return async (run) => {
        run.text(scenario.text);
        run.turnEnded();
      };
    case 'stream':
      return async (run) => {
        for (let i = 0; i < scenario.chunks; i++) run.text(scenario.text);
        run.turnEnded();
      };
    case 'hold':
      return async (run) => {
        run.text(scenario.text);
        await run.sleep(HOLD_MS);
      };
    case 'tools':
      return async (run) => {
        for (const blobId of run.request.conversationState?.rootPromptMessagesJson ?? []) await run.getBlob(blobId);
        for (let step = 0; step < scenario.toolCalls; step++) {
          await run.toolCall({ name: scenario.tool, args: { path: `src/file-${step}.ts`, line: step } });
        }
        run.text('All steps done.');
        run.turnEnded();
      };
    case 'session': {
      const minted: ServerBlobs = new Map();
      return async (run) => {
        await historyOf(run, minted);
        run.text(scenario.answer);
        if (scenario.checkpoint) await checkpointTurn(run, { user: '', assistant: scenario.answer }, { blobs: minted });
        run.turnEnded();
      };
    }
  }
}
