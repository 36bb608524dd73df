// The Engine, keeping the plan meters current: each turn tells the meters that requests flow
// (they refresh at most once a minute), and a turn that fails with a quota or rate-limit error
// refreshes them at once — the pool may just have run out.
import type { Engine } from '../engine-api.js';
import type { TurnEvent } from '../events.js';
import type { PlanUsage } from './plan-usage.js';

export function meterEngine(engine: Engine, meters: PlanUsage): Engine {
  async function* watch(events: AsyncIterable<TurnEvent>): AsyncIterable<TurnEvent> {
    for await (const event of events) {
      if (event.type === 'error' && (event.error.kind === 'quota_exhausted' || event.error.kind === 'rate_limited')) void meters.afterPoolError();
      yield event;
    }
  }
  return {
    runTurn(conversation, options) {
      meters.noteRequest();
      return watch(engine.runTurn(conversation, options));
    },
    listModels: () => engine.listModels(),
    stats: () => engine.stats(),
    close: () => engine.close(),
  };
}
