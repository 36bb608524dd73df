// How fast the billing cycle is being used (cursor-limits §2).
import type { Pace, PlanMeters } from '../../shared/usage.js';

/** Null when the cycle's start or end is unknown. */
export function paceOf(meters: PlanMeters, now: Date): Pace | null {
  if (!meters.billingCycleStart || !meters.billingCycleEnd) return null;
  const start = Date.parse(meters.billingCycleStart);
  const end = Date.parse(meters.billingCycleEnd);
  if (!(end > start)) return null;
  const elapsed = Math.min(100, Math.max(0, ((now.getTime() - start) / (end - start)) * 100));
  const used = meters.total.percentUsed;
  // At the very start of a cycle the ratio says nothing useful; wait for 1 % of it.
  const pace = used === null || elapsed < 1 ? null : Math.round((used / elapsed) * 100) / 100;
  return { cycleElapsedPercent: Math.round(elapsed * 10) / 10, pace };
}
