// Resilience over real HTTP/2 against the fake Cursor server: the first-byte deadline, retry
// before the first byte, and the fallback chain, counting the Runs the fake saw.
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { after, before, describe, it } from 'node:test';
import { ErrorDetails_Error } from '../../src/gen/aiserver/v1/error_details_pb.js';
import type { FakeRun } from '../../src/fake-cursor/index.js';
import type { RequestRecord } from '../../src/proxy/log/request-record.js';
import type { FallbackNotice } from '../../src/proxy/resilience/fallback.js';
import { parseFallbackChains } from '../../src/proxy/resilience/fallback-chain.js';
import { startGateway, type Gateway } from '../helpers/gateway.js';
import { postRaw } from '../helpers/http.js';

const ANTHROPIC_BODY = { model: 'claude-sonnet-4-5', max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] };
const OPENAI_BODY = { model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] };

/** Polls until `check` holds (no fixed sleeps). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('first-byte deadline', () => {
  let gateway: Gateway;
  before(async () => {
    gateway = await startGateway({ resilience: { firstByteTimeoutMs: 300 } });
    // Cursor accepts the run and then says nothing at all.
    gateway.fake.setScript((run) => new Promise<void>((resolve) => run.aborted.addEventListener('abort', () => resolve())));
  });
  after(() => gateway.close());

  it('a silent Cursor is a 529 overloaded_error with retry-after, and the run is cancelled', async () => {
    const answer = await postRaw(gateway.url, '/v1/messages', ANTHROPIC_BODY, { 'anthropic-version': '2023-06-01' });
    assert.equal(answer.status, 529);
    assert.equal(JSON.parse(answer.body).error.type, 'overloaded_error');
    assert.match(JSON.parse(answer.body).error.message, /no answer within 0\.3 s/);
    assert.ok(Number(answer.headers['retry-after']) > 0);
    await until(() => gateway.fake.runs.at(-1)!.clientAborted, 'the run to be reset');
  });

  it('on Chat Completions it is a 503 with retry-after', async () => {
    const answer = await postRaw(gateway.url, '/v1/chat/completions', OPENAI_BODY);
    assert.equal(answer.status, 503);
    assert.equal(JSON.parse(answer.body).error.code, 'overloaded');
    assert.ok(Number(answer.headers['retry-after']) > 0);
  });
});

const FAST_RETRIES = { maxRetries: 3, baseDelayMs: 20, maxDelayMs: 80, maxTotalMs: 5_000 };
const ANTHROPIC = { 'anthropic-version': '2023-06-01' };

/** A script that fails its first `failures` Runs with `fail` and answers after that. */
function failFirst(failures: number, fail: (run: FakeRun) => void) {
  let seen = 0;
  return async (run: FakeRun) => {
    if (seen++ < failures) return fail(run);
    run.text('recovered');
    run.turnEnded();
  };
}

describe('retry before the first byte', () => {
  let gateway: Gateway;
  before(async () => {
    gateway = await startGateway({ resilience: { retryPolicy: FAST_RETRIES } });
  });
  after(() => gateway.close());

  /** Runs one Anthropic turn; returns the answer and how many Run streams reached the fake for it. */
  async function turn(body: object = ANTHROPIC_BODY) {
    const runsBefore = gateway.fake.runs.length + gateway.fake.faults.applied;
    const answer = await postRaw(gateway.url, '/v1/messages', body, ANTHROPIC);
    return { answer, runs: gateway.fake.runs.length + gateway.fake.faults.applied - runsBefore };
  }

  it('`unavailable` twice, then an answer: 200 after three Runs', async () => {
    gateway.fake.setScript(failFirst(2, (run) => run.fail({ code: 'unavailable', message: 'at capacity' })));
    const { answer, runs } = await turn();
    assert.equal(answer.status, 200);
    assert.equal(JSON.parse(answer.body).content[0].text, 'recovered');
    assert.equal(runs, 3);
  });

  it('throttling (RATE_LIMITED) is retried', async () => {
    gateway.fake.setScript(failFirst(1, (run) => run.fail({ code: 'resource_exhausted', message: 'slow down', detailsError: ErrorDetails_Error.RATE_LIMITED })));
    const { answer, runs } = await turn();
    assert.equal(answer.status, 200);
    assert.equal(runs, 2);
  });

  for (const [name, fault] of [
    ['GOAWAY with ENHANCE_YOUR_CALM', { kind: 'goaway', code: http2.constants.NGHTTP2_ENHANCE_YOUR_CALM }],
    ['a stream reset with ENHANCE_YOUR_CALM', { kind: 'rst', code: http2.constants.NGHTTP2_ENHANCE_YOUR_CALM }],
    ['a dropped connection', { kind: 'connection_reset' }],
  ] as const) {
    it(`${name}: retried on a fresh session`, async () => {
      gateway.fake.setScript(failFirst(0, () => {}));
      await turn(); // a warm session to be faulted
      const sessionsBefore = gateway.fake.sessionsOpened;
      gateway.fake.faults.inject(fault);
      const { answer, runs } = await turn();
      assert.equal(answer.status, 200, answer.body);
      assert.equal(runs, 2);
      assert.equal(gateway.fake.sessionsOpened, sessionsBefore + 1, 'the retry ran on a new session');
    });
  }

  it('retries used up: 529 with retry-after after 1 + 3 Runs', async () => {
    gateway.fake.setScript(async (run) => run.fail({ code: 'unavailable', message: 'at capacity' }));
    const { answer, runs } = await turn();
    assert.equal(answer.status, 529);
    assert.ok(Number(answer.headers['retry-after']) > 0);
    assert.equal(runs, 4);
  });

  it('a failure retry cannot fix is answered at once (one Run)', async () => {
    gateway.fake.setScript(async (run) => run.fail({ code: 'invalid_argument', message: 'bad field' }));
    const { answer, runs } = await turn();
    assert.equal(answer.status, 400);
    assert.equal(runs, 1);
  });

  it('nothing is retried once output reached the client: one Run, and the stream is cut', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('partial');
      await run.sleep(50);
      run.fail({ code: 'unavailable', message: 'gone' });
    });
    const runsBefore = gateway.fake.runs.length;
    // The client gets the partial text, then a dropped connection (which it retries itself).
    const outcome = await postRaw(gateway.url, '/v1/messages', { ...ANTHROPIC_BODY, stream: true }, ANTHROPIC).then(
      (answer) => answer.body,
      (error: unknown) => error,
    );
    assert.ok(outcome instanceof Error || !/message_stop|recovered/.test(String(outcome)), 'no complete answer');
    await until(() => gateway.fake.runs.at(-1)!.ended, 'the run to end');
    assert.equal(gateway.fake.runs.length - runsBefore, 1);
  });
});

describe('fallback chain', () => {
  let gateway: Gateway;
  let fallbacks: FallbackNotice[];
  const records: RequestRecord[] = [];
  before(async () => {
    fallbacks = [];
    gateway = await startGateway({
      app: { records: (record) => records.push(record) },
      resilience: {
        retryPolicy: FAST_RETRIES,
        firstByteTimeoutMs: 400,
        fallbackChains: () => parseFallbackChains('gpt-5>composer-1>default;claude-4.5-sonnet>default'),
        onFallback: (notice) => fallbacks.push(notice),
      },
    });
  });
  after(() => gateway.close());

  /** Answers with its model's name unless `failing` says how that model fails. */
  function byModel(failing: Record<string, (run: FakeRun) => Promise<void> | void>) {
    gateway.fake.setScript(async (run) => {
      const model = run.request.modelDetails?.modelId ?? '';
      const fail = failing[model];
      if (fail) return fail(run);
      run.text(`answered by ${model}`);
      run.turnEnded();
    });
  }
  const modelsRun = (from: number) => gateway.fake.runs.slice(from).map((run) => run.request.modelDetails?.modelId);
  const POOL_USED_UP = (run: FakeRun) => run.fail({ code: 'resource_exhausted', message: 'You hit your usage limit', detailsError: ErrorDetails_Error.PRO_USER_USAGE_LIMIT });

  it('a plan-gated model falls back, streaming too (Anthropic message_start names the model)', async () => {
    byModel({ 'claude-4.5-sonnet': (run) => run.fail({ code: 'permission_denied', message: 'The model claude-4.5-sonnet is not available on the Free plan' }) });
    const from = gateway.fake.runs.length;
    const answer = await postRaw(gateway.url, '/v1/messages', { ...ANTHROPIC_BODY, stream: true }, ANTHROPIC);
    assert.equal(answer.status, 200);
    assert.match(answer.body, /"model":"default"/);
    assert.equal(answer.headers['x-thalamus-model'], 'default');
    assert.deepEqual(modelsRun(from), ['claude-4.5-sonnet', 'default']);
  });

  it('retries used up, then the next model: 1 + 3 Runs on the first, one on the second', async () => {
    byModel({ 'claude-4.5-sonnet': (run) => run.fail({ code: 'unavailable', message: 'at capacity' }) });
    const from = gateway.fake.runs.length;
    const answer = await postRaw(gateway.url, '/v1/messages', ANTHROPIC_BODY, ANTHROPIC);
    assert.equal(answer.status, 200);
    assert.equal(JSON.parse(answer.body).model, 'default');
    assert.deepEqual(modelsRun(from), ['claude-4.5-sonnet', 'claude-4.5-sonnet', 'claude-4.5-sonnet', 'claude-4.5-sonnet', 'default']);
  });

  it('a missed first-byte deadline falls back at once (no retry of the silent model)', async () => {
    byModel({ 'claude-4.5-sonnet': (run) => new Promise<void>((resolve) => run.aborted.addEventListener('abort', () => resolve())) });
    const from = gateway.fake.runs.length;
    const answer = await postRaw(gateway.url, '/v1/messages', ANTHROPIC_BODY, ANTHROPIC);
    assert.equal(answer.status, 200);
    assert.equal(JSON.parse(answer.body).model, 'default');
    assert.deepEqual(modelsRun(from), ['claude-4.5-sonnet', 'default']);
  });

  it('without a fallback the client model is echoed and x-thalamus-model names the Cursor model', async () => {
    byModel({});
    const answer = await postRaw(gateway.url, '/v1/messages', ANTHROPIC_BODY, ANTHROPIC);
    assert.equal(JSON.parse(answer.body).model, 'claude-sonnet-4-5');
    assert.equal(answer.headers['x-thalamus-model'], 'claude-4.5-sonnet');
  });

  // Last but one: a used-up API pool takes every named model (claude-4.5-sonnet too) out of the chains.
  it('a used-up pool answers from the next model, named in model, x-thalamus-model and the notice', async () => {
    byModel({ 'gpt-5': POOL_USED_UP });
    const from = gateway.fake.runs.length;
    const answer = await postRaw(gateway.url, '/v1/chat/completions', OPENAI_BODY);
    assert.equal(answer.status, 200, answer.body);
    const body = JSON.parse(answer.body);
    assert.equal(body.model, 'composer-1');
    assert.equal(body.choices[0].message.content, 'answered by composer-1');
    assert.equal(answer.headers['x-thalamus-model'], 'composer-1');
    assert.deepEqual(modelsRun(from), ['gpt-5', 'composer-1']);
    assert.deepEqual(fallbacks.at(-1), { requested: 'gpt-5', answered: 'composer-1', reason: 'quota_exhausted' });
    // The request log names both (a record is made just after the response ends).
    await until(() => records.some((record) => record.fallbackFrom === 'gpt-5'), 'the request record');
    const record = records.find((candidate) => candidate.fallbackFrom === 'gpt-5')!;
    assert.equal(record.cursorModel, 'composer-1');
    assert.equal(record.model, 'gpt-5');
    // The used-up model leaves the chain: the next turn goes straight to composer-1.
    const next = gateway.fake.runs.length;
    assert.equal((await postRaw(gateway.url, '/v1/chat/completions', OPENAI_BODY)).status, 200);
    assert.deepEqual(modelsRun(next), ['composer-1']);
  });

  it('a model with no chain is never switched', async () => {
    byModel({ 'claude-4.1-opus': POOL_USED_UP });
    const from = gateway.fake.runs.length;
    const answer = await postRaw(gateway.url, '/v1/messages', { ...ANTHROPIC_BODY, model: 'claude-opus-4-1' }, ANTHROPIC);
    assert.equal(answer.status, 429);
    assert.deepEqual(modelsRun(from), ['claude-4.1-opus']);
  });
});
