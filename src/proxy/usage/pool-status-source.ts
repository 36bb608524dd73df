// The meters as the error classifier reads them (pool-status.ts): how full a model's pool is,
// from the cache only — a bare `resource_exhausted` is classified without waiting on Cursor.
import { poolOfModel, type PoolStatusSource } from '../pool-status.js';
import type { PlanUsage } from './plan-usage.js';

export function poolStatusFrom(meters: PlanUsage): PoolStatusSource {
  return {
    poolStatus(modelId) {
      const current = meters.current();
      if (!current) return undefined;
      const pool = poolOfModel(modelId);
      const percentUsed = current.pools[pool].percentUsed;
      if (percentUsed === null) return undefined;
      return { pool, percentUsed, resetsAt: current.billingCycleEnd ? new Date(current.billingCycleEnd) : undefined };
    },
  };
}
