// Parent side of the do-nothing HTTP server's process (hop-child.ts).
import { fileURLToPath } from 'node:url';
import { IpcChild } from './ipc.js';

export type HopProcess = IpcChild<Record<string, never>, { url: string }>;

export function startHopProcess(): Promise<HopProcess> {
  return IpcChild.start(fileURLToPath(new URL('./hop-child.ts', import.meta.url)));
}
