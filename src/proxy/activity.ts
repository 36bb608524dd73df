// What the gateway has done today: turns served and the last failure, for the status page.
// Counted around the engine, so both APIs and the test chat are seen the same way.
import type { Engine } from './engine-api.js';
import { UpstreamError, type TurnEvent } from './events.js';
import { describeFailure } from './error-words.js';

export interface ActivitySnapshot {
  requestsToday: number;
  /** The last upstream failure, in words a person understands. */
  lastError?: string;
  /** ISO time of the last failure. */
  lastErrorAt?: string;
}

export interface Activity {
  countRequest(): void;
  recordError(error: UpstreamError): void;
  snapshot(): ActivitySnapshot;
}

/** The local calendar day, so "today" ends at the user's midnight. */
function dayOf(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

export function createActivity(now: () => Date = () => new Date()): Activity {
  let day = dayOf(now());
  let requests = 0;
  let lastError: { message: string; at: Date } | undefined;
  const rollOver = () => {
    const today = dayOf(now());
    if (today !== day) {
      day = today;
      requests = 0;
    }
  };
  return {
    countRequest() {
      rollOver();
      requests += 1;
    },
    recordError(error) {
      lastError = { message: describeFailure(error.kind, error.message), at: now() };
    },
    snapshot() {
      rollOver();
      return { requestsToday: requests, lastError: lastError?.message, lastErrorAt: lastError?.at.toISOString() };
    },
  };
}

/** The same engine, reporting each turn and each upstream failure to `activity`. */
export function observeEngine(engine: Engine, activity: Activity): Engine {
  async function* watch(events: AsyncIterable<TurnEvent>): AsyncIterable<TurnEvent> {
    // Returning early (the client left) returns the inner iterator too, which cancels the run.
    for await (const event of events) {
      if (event.type === 'error') activity.recordError(event.error);
      yield event;
    }
  }
  return {
    runTurn(conversation, options) {
      activity.countRequest();
      return watch(engine.runTurn(conversation, options));
    },
    async listModels() {
      try {
        return await engine.listModels();
      } catch (error) {
        if (error instanceof UpstreamError) activity.recordError(error);
        throw error;
      }
    },
    stats: () => engine.stats(),
    close: () => engine.close(),
  };
}
