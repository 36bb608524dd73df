import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createActivity, observeEngine } from '../../src/proxy/activity.js';
import type { Conversation } from '../../src/proxy/conversation.js';
import type { Engine } from '../../src/proxy/engine-api.js';
import { describeFailure } from '../../src/proxy/error-words.js';
import { UpstreamError, type TurnEvent } from '../../src/proxy/events.js';

const CONVERSATION: Conversation = {
  model: 'gpt-5',
  system: '',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  tools: [],
  loadedDeferredTools: [],
  toolChoice: { type: 'auto' },
  thinking: false,
};

function scriptedEngine(events: TurnEvent[], onReturn: () => void = () => {}, models: () => Promise<never> | Promise<[]> = async () => []): Engine {
  return {
    runTurn: () => ({
      async *[Symbol.asyncIterator]() {
        try {
          for (const event of events) yield event;
        } finally {
          onReturn();
        }
      },
    }),
    listModels: models,
    stats: () => ({ openRuns: 0, parkedRuns: 0 }),
    close: async () => {},
  };
}

async function drain(iterable: AsyncIterable<TurnEvent>): Promise<TurnEvent[]> {
  const seen: TurnEvent[] = [];
  for await (const event of iterable) seen.push(event);
  return seen;
}

const options = { model: { id: 'gpt-5', thinking: false }, signal: new AbortController().signal };

describe('activity', () => {
  it('counts requests per local day and starts again at midnight', () => {
    let now = new Date(2026, 4, 1, 23, 59);
    const activity = createActivity(() => now);
    activity.countRequest();
    activity.countRequest();
    assert.equal(activity.snapshot().requestsToday, 2);
    now = new Date(2026, 4, 2, 0, 1);
    assert.equal(activity.snapshot().requestsToday, 0);
    activity.countRequest();
    assert.equal(activity.snapshot().requestsToday, 1);
  });

  it('keeps the last failure in words, with its time', () => {
    const activity = createActivity(() => new Date('2026-05-01T10:00:00Z'));
    assert.equal(activity.snapshot().lastError, undefined);
    activity.recordError(new UpstreamError('quota_exhausted', 'You have hit your usage limit'));
    assert.deepEqual(activity.snapshot(), {
      requestsToday: 0,
      lastError: 'A usage pool of your Cursor plan is used up. (You have hit your usage limit)',
      lastErrorAt: '2026-05-01T10:00:00.000Z',
    });
  });

  it('never repeats a token in the words', () => {
    assert.doesNotMatch(describeFailure('unauthenticated', 'bad token eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.c2lnbmF0dXJlMTIz'), /eyJhbGci/);
  });

  it('observeEngine counts each turn and records error events, passing every event on', async () => {
    const activity = createActivity();
    const failure = new UpstreamError('overloaded', 'capacity');
    const events: TurnEvent[] = [{ type: 'text', text: 'hi' }, { type: 'error', error: failure }];
    const engine = observeEngine(scriptedEngine(events), activity);
    assert.deepEqual(await drain(engine.runTurn(CONVERSATION, options)), events);
    const snapshot = activity.snapshot();
    assert.equal(snapshot.requestsToday, 1);
    assert.equal(snapshot.lastError, describeFailure('overloaded', 'capacity'));
  });

  it('leaving the iteration early reaches the inner turn (so the upstream run is cancelled)', async () => {
    let returned = false;
    const engine = observeEngine(scriptedEngine([{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }], () => (returned = true)), createActivity());
    for await (const event of engine.runTurn(CONVERSATION, options)) {
      assert.equal(event.type, 'text');
      break;
    }
    assert.equal(returned, true);
  });

  it('records a failing model list', async () => {
    const activity = createActivity();
    const engine = observeEngine(scriptedEngine([], () => {}, () => Promise.reject(new UpstreamError('unauthenticated', 'expired'))), activity);
    await assert.rejects(engine.listModels(), UpstreamError);
    assert.equal(activity.snapshot().lastError, describeFailure('unauthenticated', 'expired'));
  });
});
