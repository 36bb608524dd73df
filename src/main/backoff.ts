// How long to wait before restarting a crashed engine: doubling from `initialMs` up to
// `maxMs`. A process that ran healthily for `healthyAfterMs` counts as a fresh start.

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  healthyAfterMs: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffPolicy> = { initialMs: 1_000, maxMs: 30_000, healthyAfterMs: 60_000 };

/** The delay before restart number `failures` (1 = the first failure in a row). */
export function restartDelay(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  return Math.min(policy.initialMs * 2 ** Math.max(0, failures - 1), policy.maxMs);
}

/** Timers and time, injected so tests run the back-off without waiting. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
