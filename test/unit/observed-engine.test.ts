// The engine wrapper that activity and the plan meters watch through (observed-engine.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activityObserver, createActivity } from '../../src/proxy/usage/activity.js';
import { describeFailure } from '../../src/proxy/error-words.js';
import { UpstreamError, type TurnEvent } from '../../src/proxy/events.js';
import { observeEngine } from '../../src/proxy/observed-engine.js';
import { meterObserver } from '../../src/proxy/usage/meter-observer.js';
import type { PlanUsage } from '../../src/proxy/usage/plan-usage.js';
import { CONVERSATION, collect, scriptedEngine, type TurnScript } from '../helpers/fake-engine.js';

/** A turn that yields `events`, and tells `onReturn` when its iteration ends however it ends. */
function script(events: TurnEvent[], onReturn: () => void = () => {}): TurnScript {
  return async function* () {
    try {
      yield* events;
    } finally {
      onReturn();
    }
  };
}

/** Plan meters that only count what they are told. */
function countingMeters() {
  const told = { requests: 0, poolErrors: 0 };
  const meters = {
    noteRequest: () => void told.requests++,
    afterPoolError: async () => void told.poolErrors++,
  } as unknown as PlanUsage;
  return { told, meters };
}

const options = { model: { id: 'gpt-5', thinking: false }, signal: new AbortController().signal };

describe('observed engine', () => {
  it('counts each turn and records error events in the activity, passing every event on', async () => {
    const activity = createActivity();
    const failure = new UpstreamError('overloaded', 'capacity');
    const events: TurnEvent[] = [{ type: 'text', text: 'hi' }, { type: 'error', error: failure }];
    const engine = observeEngine(scriptedEngine([script(events)]), [activityObserver(activity)]);
    assert.deepEqual(await collect(engine.runTurn(CONVERSATION, options)), events);
    const snapshot = activity.snapshot();
    assert.equal(snapshot.requestsToday, 1);
    assert.equal(snapshot.lastError, describeFailure('overloaded', 'capacity'));
  });

  it('leaving the iteration early reaches the inner turn (so the upstream run is cancelled)', async () => {
    let returned = false;
    const engine = observeEngine(scriptedEngine([script([{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }], () => (returned = true))]), [activityObserver(createActivity())]);
    for await (const event of engine.runTurn(CONVERSATION, options)) {
      assert.equal(event.type, 'text');
      break;
    }
    assert.equal(returned, true);
  });

  it('tells every observer; the meters refresh after a quota or rate-limit failure of a turn, not after a failed model list', async () => {
    const activity = createActivity();
    const { told, meters } = countingMeters();
    const failing = (kind: 'quota_exhausted' | 'rate_limited' | 'overloaded') =>
      observeEngine({ ...scriptedEngine([script([{ type: 'error', error: new UpstreamError(kind, kind) }])]), listModels: () => Promise.reject(new UpstreamError('quota_exhausted', 'models')) }, [
        activityObserver(activity),
        meterObserver(meters),
      ]);
    await collect(failing('quota_exhausted').runTurn(CONVERSATION, options));
    await collect(failing('rate_limited').runTurn(CONVERSATION, options));
    await collect(failing('overloaded').runTurn(CONVERSATION, options));
    assert.deepEqual(told, { requests: 3, poolErrors: 2 });
    assert.equal(activity.snapshot().requestsToday, 3);
    await assert.rejects(failing('overloaded').listModels(), UpstreamError);
    assert.deepEqual(told, { requests: 3, poolErrors: 2 }, 'a failed model list refreshes no meters');
    assert.equal(activity.snapshot().lastError, describeFailure('quota_exhausted', 'models'), 'but the activity shows it');
  });
});
