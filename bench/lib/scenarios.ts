// What the fake Cursor server does on each Run during a measurement. Scenarios are data (they
// cross the IPC channel to the fake's process); `scriptFor` turns one into a RunScript.
import type { RunScript } from '../../src/fake-cursor/index.js';

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
  | { kind: 'tools'; tool: string; toolCalls: number };

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
  }
}
