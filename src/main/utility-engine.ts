// The engine process as an Electron utility process (thin: the supervisor holds the logic).
import { utilityProcess } from 'electron';
import { SMALL_HEAP_FLAGS } from '../proxy/util/small-heap.js';
import type { EngineToMain } from '../shared/engine-protocol.js';
import type { EngineChild } from './engine-supervisor.js';

export function forkUtilityEngine(entry: string, env: NodeJS.ProcessEnv): EngineChild {
  // As `thalamus serve` asks at start-up (src/proxy/util/small-heap.ts), but as a real flag: the engine runs all day.
  const child = utilityProcess.fork(entry, [], { serviceName: 'Thalamus gateway', env, stdio: 'inherit', execArgv: SMALL_HEAP_FLAGS });
  let alive = true;
  child.once('exit', () => (alive = false));
  return {
    // A message to an engine that is gone is dropped, not an exception.
    send: (message) => void (alive && child.postMessage(message)),
    onMessage: (listener) => void child.on('message', (message: unknown) => listener(message as EngineToMain)),
    onExit: (listener) => void child.once('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  };
}
