// The user's limits, enforced before a Run starts: a daily request cap (THALAMUS_DAILY_REQUEST_LIMIT)
// and a stop for named models when the API pool reaches a percentage (THALAMUS_API_POOL_STOP_PERCENT;
// Auto and Composer draw on the other pool and stay allowed). A refused turn is one error event
// — a 429 in the caller's shape naming the limit, the setting and when it resets — and no Run.
import type { LimitsView } from '../../shared/usage.js';
import type { Engine } from '../engine-api.js';
import { UpstreamError, type TurnEvent } from '../events.js';
import { MAX_QUOTA_RETRY_AFTER_SECONDS } from '../http/error-status.js';
import { poolOfModel } from '../pool-status.js';
import { API_POOL_STOP_PERCENT_ENV, DAILY_REQUEST_LIMIT_ENV, type Limits } from './limits.js';
import type { LocalUsage } from './local-usage.js';
import type { PlanUsage } from './plan-usage.js';

export interface CapsDeps {
  limits: Limits;
  local: LocalUsage;
  meters: PlanUsage;
  now?: () => Date;
}

export function capEngine(engine: Engine, deps: CapsDeps): Engine {
  const now = deps.now ?? (() => new Date());
  // Turns started but not yet in the request log: a burst cannot slip past the daily cap.
  let inFlight = 0;

  function refusal(modelId: string, { dailyRequestLimit, apiPoolStopPercent }: LimitsView): UpstreamError | undefined {
    if (dailyRequestLimit.value !== null && deps.local.today().requests + inFlight >= dailyRequestLimit.value) {
      const midnight = nextMidnight(now());
      const where = dailyRequestLimit.source === 'env' ? DAILY_REQUEST_LIMIT_ENV : `the daily request limit in Thalamus's settings (${DAILY_REQUEST_LIMIT_ENV} overrides it)`;
      return new UpstreamError(
        'quota_exhausted',
        `Thalamus daily request limit reached: ${dailyRequestLimit.value} requests today (set by ${where}). It resets at local midnight (${midnight.toISOString()}); raise or clear the limit to continue now.`,
        { retryAfterSeconds: retryAfter(midnight, now()), wireCode: 'thalamus_daily_limit' },
      );
    }
    const meters = deps.meters.current();
    const apiPercent = meters?.pools.api.percentUsed ?? null;
    if (apiPoolStopPercent.value !== null && poolOfModel(modelId) === 'api' && apiPercent !== null && apiPercent >= apiPoolStopPercent.value) {
      const where = apiPoolStopPercent.source === 'env' ? API_POOL_STOP_PERCENT_ENV : `the API pool stop in Thalamus's settings (${API_POOL_STOP_PERCENT_ENV} overrides it)`;
      const resets = meters?.billingCycleEnd ? new Date(meters.billingCycleEnd) : undefined;
      return new UpstreamError(
        'quota_exhausted',
        `Thalamus stopped ${modelId}: Cursor's API pool is at ${Math.round(apiPercent)} %, at or above the ${apiPoolStopPercent.value} % stop (set by ${where}). ` +
          `It resets when the billing cycle ends${resets ? ` (${resets.toISOString()})` : ''}; Auto (model "default") and Composer still work.`,
        { retryAfterSeconds: resets ? retryAfter(resets, now()) : MAX_QUOTA_RETRY_AFTER_SECONDS, wireCode: 'thalamus_api_pool_stop', pool: 'api', resetsAt: resets },
      );
    }
    return undefined;
  }

  async function* guarded(run: () => AsyncIterable<TurnEvent>, modelId: string): AsyncIterable<TurnEvent> {
    const limits = deps.limits.view();
    // Today's count must include what the log held at start; only the first turns ever wait.
    if (limits.dailyRequestLimit.value !== null) await deps.local.seeded();
    const refused = refusal(modelId, limits);
    if (refused) {
      yield { type: 'error', error: refused };
      return;
    }
    inFlight++;
    try {
      yield* run();
    } finally {
      inFlight--;
    }
  }

  return {
    runTurn: (conversation, options) => guarded(() => engine.runTurn(conversation, options), options.model.id),
    listModels: () => engine.listModels(),
    stats: () => engine.stats(),
    close: () => engine.close(),
  };
}

function nextMidnight(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1);
}

/** Short, as for a used-up pool (error-status.ts): Claude Code's ten retries end in this message soon. */
function retryAfter(until: Date, now: Date): number {
  return Math.max(1, Math.min(MAX_QUOTA_RETRY_AFTER_SECONDS, Math.ceil((until.getTime() - now.getTime()) / 1000)));
}
