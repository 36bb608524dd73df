// Keeps the plan meters current from the engine (observed-engine.ts): each turn tells them that
// requests flow (they refresh at most once a minute), and a turn that fails with a quota or
// rate-limit error refreshes them at once — the pool may just have run out. A failed model list
// says nothing about the pools and refreshes nothing.
import type { EngineObserver } from '../observed-engine.js';
import type { PlanUsage } from './plan-usage.js';

export function meterObserver(meters: PlanUsage): EngineObserver {
  return {
    turnStarted: () => meters.noteRequest(),
    failed(error, during) {
      if (during === 'turn' && (error.kind === 'quota_exhausted' || error.kind === 'rate_limited')) void meters.afterPoolError();
    },
  };
}
