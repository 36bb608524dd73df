import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type TurnEvent, UpstreamError, type ErrorKind } from '../../src/proxy/events.js';
import { silentLogger } from '../../src/proxy/log/logger.js';
import { ExhaustedModels } from '../../src/proxy/resilience/exhausted-models.js';
import { withFallback, type FallbackNotice } from '../../src/proxy/resilience/fallback.js';
import { parseFallbackChains } from '../../src/proxy/resilience/fallback-chain.js';
import { FIRST_BYTE_TIMEOUT } from '../../src/proxy/resilience/first-byte-timeout.js';
import { withRetry } from '../../src/proxy/resilience/retry.js';
import { collect, CONVERSATION, scriptedEngine, type TurnScript } from '../helpers/fake-engine.js';

const END: TurnEvent = { type: 'end', reason: 'end_turn', usage: { inputTokens: 1, outputTokens: 1 } };
const run = (model: string): TurnEvent => ({ type: 'run', runId: `run-${model}`, model });

function failing(kind: ErrorKind, opts: { wireCode?: string; resetsAt?: Date; pool?: 'api' | 'auto' } = {}): TurnScript {
  return async function* ({ model }) {
    yield run(model.id);
    yield { type: 'error', error: new UpstreamError(kind, `${kind} on ${model.id}`, opts) };
  };
}
const answering: TurnScript = async function* ({ model }) {
  yield run(model.id);
  yield { type: 'text', text: `from ${model.id}` };
  yield END;
};

function retrying(scripts: TurnScript[]) {
  const inner = scriptedEngine(scripts);
  const delays: number[] = [];
  const engine = withRetry(inner, {
    policy: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000, maxTotalMs: 10_000 },
    logger: silentLogger,
    random: () => 0,
    sleep: async (ms) => void delays.push(ms),
  });
  const turn = (signal = new AbortController().signal) => collect(engine.runTurn(CONVERSATION, { model: { id: 'gpt-5', thinking: false }, signal }));
  return { inner, delays, turn };
}

describe('withRetry', () => {
  it('retries a transient failure before the first byte and answers from the attempt that worked', async () => {
    const { inner, delays, turn } = retrying([failing('overloaded'), failing('rate_limited'), answering]);
    const events = await turn();
    assert.equal(inner.calls.length, 3);
    assert.deepEqual(delays, [50, 100]);
    // The failed attempts' run events are dropped: the answer names only the run that gave it.
    assert.deepEqual(events, [run('gpt-5'), { type: 'text', text: 'from gpt-5' }, END]);
  });

  it('gives up after maxRetries with the last failure', async () => {
    const { inner, turn } = retrying([failing('overloaded')]);
    const events = await turn();
    assert.equal(inner.calls.length, 4);
    assert.equal((events.at(-1) as { error: UpstreamError }).error.kind, 'overloaded');
  });

  for (const kind of ['unauthenticated', 'quota_exhausted', 'model_not_allowed', 'context_too_long', 'invalid_request', 'internal'] as const) {
    it(`never retries ${kind}`, async () => {
      const { inner, turn } = retrying([failing(kind), answering]);
      const events = await turn();
      assert.equal(inner.calls.length, 1);
      assert.equal((events.at(-1) as { error: UpstreamError }).error.kind, kind);
    });
  }

  it('does not retry a missed first-byte deadline (the fallback chain may take it)', async () => {
    const { inner, turn } = retrying([failing('overloaded', { wireCode: FIRST_BYTE_TIMEOUT }), answering]);
    await turn();
    assert.equal(inner.calls.length, 1);
  });

  it('never retries once the response began', async () => {
    const { inner, turn } = retrying([
      async function* () {
        yield { type: 'text', text: 'partial' } as TurnEvent;
        yield { type: 'error', error: new UpstreamError('overloaded', 'dropped') } as TurnEvent;
      },
      answering,
    ]);
    const events = await turn();
    assert.equal(inner.calls.length, 1);
    assert.deepEqual(events.map((event) => event.type), ['text', 'error']);
  });

  it('stops waiting when the client leaves', async () => {
    const abort = new AbortController();
    const inner = scriptedEngine([failing('overloaded'), answering]);
    const engine = withRetry(inner, { policy: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 100, maxTotalMs: 1000 }, logger: silentLogger, sleep: async () => abort.abort() });
    await collect(engine.runTurn(CONVERSATION, { model: { id: 'm', thinking: false }, signal: abort.signal }));
    assert.equal(inner.calls.length, 1);
  });
});

function falling(scripts: Record<string, TurnScript>, chains: string, exhausted = new ExhaustedModels()) {
  const notices: FallbackNotice[] = [];
  const inner = scriptedEngine([
    (options) => scripts[options.model.id]!(options),
  ]);
  const engine = withFallback(inner, { chains: () => parseFallbackChains(chains), exhausted, logger: silentLogger, onFallback: (notice) => notices.push(notice) });
  const turn = (model: string) => collect(engine.runTurn(CONVERSATION, { model: { id: model, thinking: true }, signal: new AbortController().signal }));
  return { inner, notices, turn };
}

describe('withFallback', () => {
  it('a used-up pool moves the turn down the chain; the answer names the model that gave it', async () => {
    const { inner, notices, turn } = falling({ 'gpt-5': failing('quota_exhausted'), 'composer-1': failing('model_not_allowed'), default: answering }, 'gpt-5>composer-1>default');
    const events = await turn('gpt-5');
    assert.deepEqual(inner.calls.map((call) => call.model.id), ['gpt-5', 'composer-1', 'default']);
    assert.deepEqual(events[0], { ...run('default'), fallbackFrom: 'gpt-5' });
    assert.deepEqual(events.slice(1), [{ type: 'text', text: 'from default' }, END]);
    assert.deepEqual(notices, [{ requested: 'gpt-5', answered: 'default', reason: 'model_not_allowed' }]);
  });

  it('a model whose pool is used up leaves the chain until the pool refills', async () => {
    let now = 1_000;
    const exhausted = new ExhaustedModels(() => now);
    const { inner, turn } = falling({ 'gpt-5': failing('quota_exhausted', { resetsAt: new Date(5_000) }), default: answering }, 'gpt-5>default', exhausted);
    await turn('gpt-5');
    await turn('gpt-5');
    assert.deepEqual(inner.calls.map((call) => call.model.id), ['gpt-5', 'default', 'default']);
    now = 5_001;
    await turn('gpt-5');
    assert.equal(inner.calls.at(-2)!.model.id, 'gpt-5', 'asked again once the pool reset');
  });

  it('a used-up API pool takes every named model out of the chains; Auto and Composer stay', async () => {
    const exhausted = new ExhaustedModels(() => 1_000);
    const { inner, turn } = falling(
      { 'gpt-5': failing('quota_exhausted', { pool: 'api' }), 'claude-4.5-sonnet': answering, 'composer-1': answering, default: answering },
      'gpt-5>claude-4.5-sonnet>composer-1;claude-4.1-opus>default',
      exhausted,
    );
    await turn('gpt-5');
    assert.deepEqual(inner.calls.map((call) => call.model.id), ['gpt-5', 'composer-1'], 'claude-4.5-sonnet shares the used-up pool');
    assert.equal(exhausted.has('claude-4.1-opus'), true);
    assert.equal(exhausted.has('default'), false);
  });

  it('a model with no chain is never switched', async () => {
    const { inner, turn } = falling({ 'gpt-5': failing('quota_exhausted'), default: answering }, 'claude-4.5-sonnet>default');
    const events = await turn('gpt-5');
    assert.deepEqual(inner.calls.map((call) => call.model.id), ['gpt-5']);
    assert.equal((events.at(-1) as { error: UpstreamError }).error.kind, 'quota_exhausted');
  });

  it('failures another model would share are not switched (context overflow, bad request)', async () => {
    for (const kind of ['context_too_long', 'invalid_request', 'unauthenticated'] as const) {
      const { inner, turn } = falling({ 'gpt-5': failing(kind), default: answering }, 'gpt-5>default');
      await turn('gpt-5');
      assert.equal(inner.calls.length, 1, kind);
    }
  });

  it('retries used up and a missed first-byte deadline switch too; the last model’s failure is the answer', async () => {
    const { inner, notices, turn } = falling({ 'gpt-5': failing('overloaded', { wireCode: FIRST_BYTE_TIMEOUT }), default: failing('rate_limited') }, 'gpt-5>default');
    const events = await turn('gpt-5');
    assert.equal(inner.calls.length, 2);
    assert.equal((events.at(-1) as { error: UpstreamError }).error.kind, 'rate_limited');
    assert.deepEqual(notices, []);
  });

  it('the requested model keeps its thinking flag; stand-ins run as named', async () => {
    const { inner, turn } = falling({ 'gpt-5': failing('overloaded'), default: answering }, 'gpt-5>default');
    await turn('gpt-5');
    assert.deepEqual(inner.calls.map((call) => call.model), [{ id: 'gpt-5', thinking: true }, { id: 'default', thinking: false }]);
  });
});
