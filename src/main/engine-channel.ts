// The engine process's line to main. The same entry runs as an Electron utility process
// (`process.parentPort`) and, in tests, as a Node child process (`process.send`), so the
// code the app ships is the code the integration test drives.
import type { EngineToMain } from '../shared/engine-protocol.js';

export interface EngineChannel {
  /** Resolves once the message has left this process, so exiting right after does not lose it. */
  post(message: EngineToMain): Promise<void>;
  onMessage(listener: (message: unknown) => void): void;
  /** Main went away (child processes only; Electron ends a utility process with its parent). */
  onParentGone(listener: () => void): void;
}

/** What this file needs of Electron's `process.parentPort`. */
interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export function parentChannel(proc: NodeJS.Process = process): EngineChannel {
  const parentPort = (proc as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      post: async (message) => parentPort.postMessage(message),
      onMessage: (listener) => void parentPort.on('message', (event) => listener(event.data)),
      onParentGone: () => {},
    };
  }
  const send = proc.send?.bind(proc);
  if (!send) throw new Error('the engine process must be started by Thalamus (no parentPort and no IPC channel)');
  return {
    post: (message) => new Promise<void>((resolve) => send(message, undefined, {}, () => resolve())),
    onMessage: (listener) => void proc.on('message', listener),
    onParentGone: (listener) => void proc.once('disconnect', listener),
  };
}
