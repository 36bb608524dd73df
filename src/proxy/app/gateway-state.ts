// Where a running gateway announces itself, so `thalamus env` and `thalamus status` can find it.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileIfExists, writeFileAtomic } from '../util/files.js';

export interface GatewayState {
  url: string;
  pid: number;
  demo: boolean;
  upstream: string;
  startedAt: string;
}

const STATE_FILE = 'gateway.json';

export async function writeGatewayState(configDir: string, state: GatewayState): Promise<void> {
  await writeFileAtomic(join(configDir, STATE_FILE), JSON.stringify(state, null, 2) + '\n', 0o644);
}

/** The announced gateway, or undefined when none is recorded or its process is gone. */
export async function readGatewayState(configDir: string): Promise<GatewayState | undefined> {
  const text = await readFileIfExists(join(configDir, STATE_FILE));
  if (!text) return undefined;
  const state = JSON.parse(text) as GatewayState;
  return processAlive(state.pid) ? state : undefined;
}

export async function clearGatewayState(configDir: string, pid = process.pid): Promise<void> {
  const current = await readFileIfExists(join(configDir, STATE_FILE));
  // Only the gateway that wrote the file removes it.
  if (current && (JSON.parse(current) as GatewayState).pid === pid) await rm(join(configDir, STATE_FILE), { force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
