// Models whose usage pool is used up, until the pool refills: the fallback chain skips them
// instead of asking Cursor again on every turn.
import type { UpstreamError } from '../events.js';

/** How long a model stays out when Cursor did not say when its pool refills. */
export const DEFAULT_EXHAUSTED_MS = 15 * 60_000;

export class ExhaustedModels {
  private readonly until = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Notes `model`'s failure; only a used-up pool counts. */
  note(model: string, error: UpstreamError): void {
    if (error.kind !== 'quota_exhausted') return;
    this.until.set(model, error.resetsAt?.getTime() ?? this.now() + DEFAULT_EXHAUSTED_MS);
  }

  has(model: string): boolean {
    const until = this.until.get(model);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.until.delete(model);
    return false;
  }
}
