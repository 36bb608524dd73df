// How fast the billing cycle is being used (cursor-limits §2: percent used ÷ percent of the cycle
// elapsed), per pool: the Auto + Composer and API pools run out separately, and the API pool
// running out stops every named model while Auto goes on. A straight-line projection, so every
// reader labels it an estimate.
import type { Pace, PlanMeters, PoolName } from '../../shared/usage.js';

/** Null when the cycle's start or end is unknown. */
export function paceOf(meters: PlanMeters, now: Date): Pace | null {
  if (!meters.billingCycleStart || !meters.billingCycleEnd) return null;
  const start = Date.parse(meters.billingCycleStart);
  const end = Date.parse(meters.billingCycleEnd);
  if (!(end > start)) return null;
  const elapsed = Math.min(100, Math.max(0, ((now.getTime() - start) / (end - start)) * 100));
  // At the very start of a cycle the ratio says nothing useful; wait for 1 % of it.
  const ratio = (used: number | null) => (used === null || elapsed < 1 ? null : Math.round((used / elapsed) * 100) / 100);
  const pools: Record<PoolName, number | null> = { auto: ratio(meters.pools.auto.percentUsed), api: ratio(meters.pools.api.percentUsed) };
  return { cycleElapsedPercent: Math.round(elapsed * 10) / 10, pace: ratio(meters.total.percentUsed), pools };
}

/** The pool running fastest (the one that runs out first), when any pace is known. */
export function fastestPool(pace: Pace): { pool: PoolName; pace: number } | null {
  const known = (['api', 'auto'] as const).flatMap((pool) => (pace.pools[pool] === null ? [] : [{ pool, pace: pace.pools[pool]! }]));
  return known.reduce<{ pool: PoolName; pace: number } | null>((best, entry) => (best && best.pace >= entry.pace ? best : entry), null);
}
