import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { UpstreamError, type TurnEvent } from '../../src/proxy/events.js';
import { FIRST_BYTE_TIMEOUT, withFirstByteTimeout } from '../../src/proxy/resilience/first-byte-timeout.js';
import { aborted, collect, CONVERSATION, scriptedEngine } from '../helpers/fake-engine.js';

const MODEL = { id: 'm', thinking: false };

/** Runs one turn with fake timers, advancing them by `advanceMs` once the turn is waiting. */
async function turnWithClock(script: Parameters<typeof scriptedEngine>[0][0], timeoutMs: number, advanceMs: number) {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const inner = scriptedEngine([script]);
    const engine = withFirstByteTimeout(inner, timeoutMs);
    const done = collect(engine.runTurn(CONVERSATION, { model: MODEL, signal: new AbortController().signal }));
    // Let the turn reach its wait before the clock moves.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    mock.timers.tick(advanceMs);
    return { events: await done, inner };
  } finally {
    mock.timers.reset();
  }
}

describe('withFirstByteTimeout', () => {
  it('cancels a silent turn at the deadline and reports it as overloaded', async () => {
    const { events, inner } = await turnWithClock(
      async function* ({ signal }) {
        // Bookkeeping does not count: the run notice and usage.
        yield { type: 'run', runId: 'run-1', model: 'm' } as TurnEvent;
        yield { type: 'usage', usage: { inputTokens: 3 } } as TurnEvent;
        await aborted(signal);
      },
      1000,
      1000,
    );
    assert.equal(inner.calls[0]!.signal.aborted, true, 'the upstream turn was cancelled');
    const last = events.at(-1)!;
    assert.equal(last.type, 'error');
    const error = (last as { error: UpstreamError }).error;
    assert.equal(error.kind, 'overloaded');
    assert.equal(error.wireCode, FIRST_BYTE_TIMEOUT);
    assert.match(error.message, /within 1 s \(THALAMUS_FIRST_BYTE_TIMEOUT_MS\)/);
  });

  it('leaves a turn alone once its first text arrived', async () => {
    const { events, inner } = await turnWithClock(
      async function* () {
        yield { type: 'text', text: 'hi' } as TurnEvent;
        // Still going when the clock passes the deadline (turnWithClock ticks after 5 turns).
        for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
        yield { type: 'end', reason: 'end_turn', usage: { inputTokens: 1, outputTokens: 1 } } as TurnEvent;
      },
      1000,
      5000,
    );
    assert.equal(inner.calls[0]!.signal.aborted, false);
    assert.deepEqual(events.map((event) => event.type), ['text', 'end']);
  });

  it('passes an early upstream error through untouched', async () => {
    const failure = new UpstreamError('rate_limited', 'slow down');
    const { events } = await turnWithClock(
      async function* () {
        yield { type: 'error', error: failure } as TurnEvent;
      },
      1000,
      0,
    );
    assert.deepEqual(events, [{ type: 'error', error: failure }]);
  });
});
