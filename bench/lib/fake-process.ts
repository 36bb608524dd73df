// Parent side of the fake Cursor server's process (fake-child.ts).
import { fileURLToPath } from 'node:url';
import { IpcChild } from './ipc.js';
import type { Scenario } from './scenarios.js';

export interface FakeRunSummary {
  /** Bytes the client wrote on the Run stream, envelopes included. */
  bytesReceived: number;
  /** When the client's cancel_action arrived (performance.timeOrigin + now(), ms), if it did. */
  cancelActionAt?: number;
}

export type FakeApi = {
  setScenario(scenario: Scenario): void;
  /** Every Run seen since the last clearRuns, oldest first. */
  runs(): FakeRunSummary[];
  clearRuns(): void;
  /** The first message of the latest Run (the run request), re-encoded and framed, base64. */
  lastRunRequestFrame(): string;
};

export interface FakeReady {
  url: string;
}

export type FakeProcess = IpcChild<FakeApi, FakeReady>;

export function startFakeProcess(): Promise<FakeProcess> {
  return IpcChild.start<FakeApi, FakeReady>(fileURLToPath(new URL('./fake-child.ts', import.meta.url)));
}
