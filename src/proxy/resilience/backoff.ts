// The retry schedule, pure arithmetic: how long to wait before the n-th retry of a turn that
// failed before its first byte, or that it is time to give up (too many retries, or the wait
// would pass the total budget). Jittered so that many clients failing together do not return
// together.

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** The first retry waits between half of this and this; each later one doubles the ceiling. */
  baseDelayMs: number;
  /** Ceiling of any one wait (a longer upstream retry-after is honoured if the budget allows). */
  maxDelayMs: number;
  /** Time since the turn started after which no retry begins. */
  maxTotalMs: number;
}

/**
 * Three retries within eight seconds: a capacity blip or a dropped connection usually passes
 * in that time, and a client waiting for its first byte should not wait much longer before it
 * gets the error (or the fallback chain takes over).
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 250, maxDelayMs: 2_000, maxTotalMs: 8_000 };

/**
 * Milliseconds to wait before retry number `retry` (1 for the first), or undefined to give up.
 * `elapsedMs`: since the turn started; `random` in [0, 1); `retryAfterMs`: the upstream's own
 * wait, which is never undercut.
 */
export function retryDelay(policy: RetryPolicy, retry: number, elapsedMs: number, random: number, retryAfterMs?: number): number | undefined {
  if (retry < 1 || retry > policy.maxRetries) return undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  // "Equal jitter": never less than half the ceiling, so retries do not pile up at zero.
  const jittered = Math.round(ceiling / 2 + (random * ceiling) / 2);
  const delay = Math.max(jittered, retryAfterMs ?? 0);
  return elapsedMs + delay > policy.maxTotalMs ? undefined : delay;
}
