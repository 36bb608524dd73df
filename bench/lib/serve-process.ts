// `node bin/thalamus.js serve --port 0 …` — the shipped CLI (dist/ from npm run build), exactly
// as a user starts it — in its own process, with its URL once it prints "listening on", and
// its resident set size read from outside, the way `ps` or a task manager sees it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const LISTENING = /listening on (http:\/\/\S+)/;
const START_TIMEOUT_MS = 30_000;

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** performance.now() when it was spawned, and when it printed "listening on". */
  spawnedAt: number;
  listeningAt: number;
  /** Stops it with SIGTERM and waits for it to exit. */
  stop(): Promise<void>;
}

export async function startServe(repoRoot: string, args: string[], env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'thalamus.js'), 'serve', '--port', '0', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error(`no "listening on" line within ${START_TIMEOUT_MS} ms\n${stderr}`)), START_TIMEOUT_MS);
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = LISTENING.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`thalamus serve exited with ${code}\n${stderr}`)));
    });
    // Its log lines (one per request) are not read further; draining keeps the pipe from filling.
    child.stderr!.removeAllListeners('data').resume();
    return { child, url, spawnedAt, listeningAt: performance.now(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resident set size of a process in bytes (Linux: VmRSS from /proc). */
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** Environment for a serve process: this one's minus every THALAMUS_* variable, plus `extra`. */
export function serveEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('THALAMUS_'))), ...extra };
}
