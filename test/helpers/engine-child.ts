// The engine process as the app runs it, but forked with Node's child_process (Electron's
// utilityProcess cannot run here): the same entry file, the same message protocol.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EngineToMain } from '../../src/shared/engine-protocol.js';
import type { EngineChild } from '../../src/main/engine-supervisor.js';

export const ENGINE_ENTRY = fileURLToPath(new URL('../../src/main/engine-process.ts', import.meta.url));

export interface ForkedEngine extends EngineChild {
  process: ChildProcess;
  /** What the engine wrote on stderr, for failure messages. */
  stderr(): string;
}

export function forkEngine(env: NodeJS.ProcessEnv): ForkedEngine {
  const child = fork(ENGINE_ENTRY, [], { execArgv: ['--import', 'tsx'], env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return {
    process: child,
    stderr: () => stderr,
    // A message to an engine that already exited is dropped, as Electron's utility process does.
    send: (message) => void (child.connected && child.send(message)),
    onMessage: (listener) => void child.on('message', (message) => listener(message as EngineToMain)),
    onExit: (listener) => void child.once('exit', (code) => listener(code)),
    kill: () => void child.kill('SIGKILL'),
  };
}
