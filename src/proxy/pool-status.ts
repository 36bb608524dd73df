// The contract between the engine and whoever knows the account's usage (the DashboardService
// client in usage/): how full a model's pool is. The error classifier asks it when Cursor answers
// a bare `resource_exhausted` (cursor-limits.md §3): a full pool means "used up", not "slow down".
import type { UsagePool } from './events.js';

export interface PoolStatus {
  pool: UsagePool;
  /** 0–100 (may exceed 100), as GetCurrentPeriodUsage's autoPercentUsed / apiPercentUsed. */
  percentUsed: number;
  /** When the pool refills (billingCycleEnd), when known. */
  resetsAt?: Date;
}

/** Answers from what it already knows (a cache), synchronously; undefined = no usage information. */
export interface PoolStatusSource {
  poolStatus(modelId: string): PoolStatus | undefined;
}

/** For an engine that has no usage information. */
export const NO_POOL_STATUS: PoolStatusSource = { poolStatus: () => undefined };

/**
 * Which pool a Cursor model draws from (cursor-limits.md §2): Auto (`default`) and Cursor's own
 * Composer models use the Auto + Composer pool; every named third-party model uses the API pool.
 */
export function poolOfModel(modelId: string): UsagePool {
  const id = modelId.toLowerCase();
  return id === 'default' || id === 'auto' || id.startsWith('composer') ? 'auto' : 'api';
}
