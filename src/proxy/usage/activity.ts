// What the gateway has done today: turns served and the last failure, for the status page.
// Counted around the engine (observed-engine.ts), so every API and the test chat are seen the same way.
import type { UpstreamError } from '../events.js';
import type { EngineObserver } from '../observed-engine.js';
import { describeFailure } from '../error-words.js';

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

/** What the engine tells `activity` (observed-engine.ts): each turn, and each failure from Cursor. */
export function activityObserver(activity: Activity): EngineObserver {
  return { turnStarted: () => activity.countRequest(), failed: (error) => activity.recordError(error) };
}
