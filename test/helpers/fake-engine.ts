// A scripted Engine for the wrapper tests: each runTurn call takes the next script, which
// yields events and may wait on the turn's abort signal.
import type { Conversation } from '../../src/proxy/conversation.js';
import type { CursorModel, Engine, TurnOptions } from '../../src/proxy/engine-api.js';
import type { TurnEvent } from '../../src/proxy/events.js';

export type TurnScript = (options: TurnOptions) => AsyncIterable<TurnEvent>;

export interface ScriptedEngine extends Engine {
  /** The options of every runTurn call so far. */
  readonly calls: TurnOptions[];
}

export function scriptedEngine(scripts: TurnScript[], models: CursorModel[] = []): ScriptedEngine {
  const calls: TurnOptions[] = [];
  return {
    calls,
    runTurn(_conversation: Conversation, options: TurnOptions) {
      calls.push(options);
      const script = scripts[Math.min(calls.length - 1, scripts.length - 1)]!;
      return script(options);
    },
    listModels: async () => models,
    stats: () => ({ openRuns: 0, parkedRuns: 0 }),
    close: async () => {},
  };
}

/** Resolves when `signal` aborts. */
export function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}

export async function collect(events: AsyncIterable<TurnEvent>): Promise<TurnEvent[]> {
  const all: TurnEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

export const CONVERSATION: Conversation = {
  model: 'm',
  system: '',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  tools: [],
  loadedDeferredTools: [],
  toolChoice: { type: 'auto' },
  thinking: false,
};
