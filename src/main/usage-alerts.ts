// When to tell the person about the plan's pools: a notification each time a pool crosses 80, 90
// and 100 % upward within a billing cycle (each step once; a new cycle starts over), and the
// API pool's share for the tray. Plain: index.ts shows what this returns.
import type { PlanMeters, PoolName } from '../shared/usage.js';

export const ALERT_STEPS = [80, 90, 100] as const;

export interface UsageAlert {
  pool: PoolName;
  step: number;
  title: string;
  body: string;
}

const POOL_NAMES: Record<PoolName, string> = { api: 'API pool (named models)', auto: 'Auto + Composer pool' };

export class UsageAlerts {
  private cycle?: string | null;
  /** The highest step each pool has reached this cycle; absent until the pool's first reading. */
  private readonly reached = new Map<PoolName, number>();

  /**
   * The alerts for pools that crossed a step since the last meters. The first reading of a pool
   * is its baseline: starting the app at 85 % is not a crossing (the tray shows the figure).
   */
  update(meters: PlanMeters): UsageAlert[] {
    if (meters.state === 'unknown') return [];
    if (this.cycle !== undefined && meters.billingCycleEnd !== this.cycle) this.reached.clear();
    this.cycle = meters.billingCycleEnd;
    const alerts: UsageAlert[] = [];
    for (const pool of ['api', 'auto'] as const) {
      const percent = meters.pools[pool].percentUsed;
      if (percent === null) continue;
      const step = ALERT_STEPS.filter((candidate) => percent >= candidate).at(-1) ?? 0;
      const before = this.reached.get(pool);
      this.reached.set(pool, Math.max(before ?? 0, step));
      if (before === undefined || step <= before) continue;
      alerts.push({ pool, step, title: `Cursor ${POOL_NAMES[pool]} at ${Math.round(percent)} %`, body: alertBody(pool, step, meters) });
    }
    return alerts;
  }
}

function alertBody(pool: PoolName, step: number, meters: PlanMeters): string {
  const reset = meters.billingCycleEnd ? ` It resets on ${new Date(meters.billingCycleEnd).toLocaleDateString()}.` : '';
  if (step >= 100) {
    return pool === 'api' ? `Named models (Claude, GPT, …) now fail or use on-demand spend; Auto and Composer still work.${reset}` : `Auto and Composer are used up for this cycle.${reset}`;
  }
  return `${step} % of the included usage is gone.${reset}`;
}

/** The tray's short text: "API 84%", or undefined when the API pool is unknown. */
export function trayUsageText(meters: PlanMeters | undefined): string | undefined {
  const percent = meters?.state === 'unknown' ? null : meters?.pools.api.percentUsed;
  return percent === null || percent === undefined ? undefined : `API ${Math.round(percent)}%`;
}
