// Models whose usage pool is used up, until the pool refills: the fallback chain skips them
// instead of asking Cursor again on every turn. When Cursor says which pool it was (API, or
// Auto + Composer), every model of that pool is out (cursor-limits.md §2: a used-up API pool
// stops every named model at once); otherwise just the model that failed.
import type { UpstreamError, UsagePool } from '../events.js';
import { poolOfModel } from '../pool-status.js';

/** How long a model stays out when Cursor did not say when its pool refills. */
export const DEFAULT_EXHAUSTED_MS = 15 * 60_000;

export class ExhaustedModels {
  private readonly models = new Map<string, number>();
  private readonly pools = new Map<UsagePool, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Notes `model`'s failure; only a used-up pool counts. */
  note(model: string, error: UpstreamError): void {
    if (error.kind !== 'quota_exhausted') return;
    const until = error.resetsAt?.getTime() ?? this.now() + DEFAULT_EXHAUSTED_MS;
    if (error.pool) this.pools.set(error.pool, until);
    else this.models.set(model, until);
  }

  has(model: string): boolean {
    return this.outUntil(this.models, model) || this.outUntil(this.pools, poolOfModel(model));
  }

  private outUntil<K>(map: Map<K, number>, key: K): boolean {
    const until = map.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    map.delete(key);
    return false;
  }
}
