// The Engine, telling observers of each turn and each failure from Cursor. The day's activity
// (usage/activity.ts) and the plan meters (usage/meter-observer.ts) both watch through this one
// wrapper; the events pass on unchanged.
import type { Engine } from './engine-api.js';
import { UpstreamError, type TurnEvent } from './events.js';

export interface EngineObserver {
  /** A turn starts. */
  turnStarted?(): void;
  /** Cursor failed a turn (an error event) or the model list. */
  failed?(error: UpstreamError, during: 'turn' | 'models'): void;
}

export function observeEngine(engine: Engine, observers: readonly EngineObserver[]): Engine {
  async function* watch(events: AsyncIterable<TurnEvent>): AsyncIterable<TurnEvent> {
    // Returning early (the client left) returns the inner iterator too, which cancels the run.
    for await (const event of events) {
      if (event.type === 'error') for (const observer of observers) observer.failed?.(event.error, 'turn');
      yield event;
    }
  }
  return {
    runTurn(conversation, options) {
      for (const observer of observers) observer.turnStarted?.();
      return watch(engine.runTurn(conversation, options));
    },
    async listModels() {
      try {
        return await engine.listModels();
      } catch (error) {
        if (error instanceof UpstreamError) for (const observer of observers) observer.failed?.(error, 'models');
        throw error;
      }
    },
    stats: () => engine.stats(),
    close: () => engine.close(),
  };
}
