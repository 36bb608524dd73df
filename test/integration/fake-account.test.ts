// The fake's account (src/fake-cursor/account.ts) behaves like a real Cursor account, and the
// gateway reads it right: pools, plan-gated and unknown models, stale client builds.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { defaultAccountState } from '../../src/fake-cursor/index.js';
import type { PoolStatus, PoolStatusSource } from '../../src/proxy/pool-status.js';
import { createLogger } from '../../src/proxy/log/logger.js';
import { CLIENT_KEY, startGateway, type Gateway } from '../helpers/gateway.js';

let gateway: Gateway;
let client: Anthropic;
/** Stands in for the usage RPC client: reads the fake account's meters as GetCurrentPeriodUsage would. */
const usage: PoolStatusSource = {
  poolStatus(modelId: string): PoolStatus {
    const pool = gateway.fake.account.poolOf(modelId);
    return { pool, percentUsed: gateway.fake.account.state.percentUsed[pool], resetsAt: gateway.fake.account.state.billingCycleEnd };
  },
};

before(async () => {
  gateway = await startGateway({ engine: { poolStatus: usage } });
  client = gateway.anthropic();
  gateway.fake.setScript(async (run) => {
    run.text(`hello from ${run.request.modelDetails?.modelId}`);
    run.tokenDelta(3);
    run.turnEnded();
  });
});
after(() => gateway.close());
beforeEach(() => gateway.fake.account.update(defaultAccountState()));

const ask = (model: string) => client.messages.create({ model, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
const failureOf = (model: string) =>
  ask(model).then(
    () => assert.fail(`expected ${model} to fail`),
    (error: unknown) => {
      assert.ok(error instanceof Anthropic.APIError, String(error));
      return error;
    },
  );

describe('fake account: the API pool used up', () => {
  it('fails every named third-party model with a bare resource_exhausted and zero tokens; Auto and Composer still answer', async () => {
    gateway.fake.account.setPercentUsed('api', 100);
    for (const model of ['cursor:claude-4.5-sonnet', 'cursor:gpt-5']) {
      const runsBefore = gateway.fake.runs.length;
      const error = await failureOf(model);
      assert.equal(error.status, 429);
      assert.equal(error.type, 'rate_limit_error');
      assert.match(error.message, /Cursor API pool used up until \d{4}-\d\d-\d\d; Auto and Composer still work/);
      assert.equal(gateway.fake.runs.length, runsBefore + 1);
    }
    for (const model of ['cursor:default', 'cursor:composer-1']) {
      const answer = await ask(model);
      assert.deepEqual(answer.content, [{ type: 'text', text: `hello from ${model.slice('cursor:'.length)}` }]);
    }
  });

  it('lets on-demand spend carry on past the included amount', async () => {
    gateway.fake.account.update({ percentUsed: { auto: 0, api: 100 }, onDemand: { enabled: true, limitCents: 2000, usedCents: 150 } });
    const answer = await ask('cursor:gpt-5');
    assert.deepEqual(answer.content, [{ type: 'text', text: 'hello from gpt-5' }]);
  });
});

describe('fake account: models and client builds', () => {
  it('answers a plan-gated model with 403 permission_error naming it', async () => {
    gateway.fake.account.update({
      planName: 'Free',
      models: defaultAccountState().models.map((model) => (model.id === 'default' ? model : { ...model, planGated: true })),
    });
    const error = await failureOf('cursor:gpt-5');
    assert.equal(error.status, 403);
    assert.equal(error.type, 'permission_error');
    assert.match(error.message, /gpt-5 is not available on the Free plan/);
  });

  it('answers a model the account does not have with 404 not_found_error', async () => {
    const error = await failureOf('cursor:gpt-9-ultra');
    assert.equal(error.status, 404);
    assert.equal(error.type, 'not_found_error');
  });

  it('refuses a client build older than its floor with OUTDATED_CLIENT (400 naming THALAMUS_CLIENT_VERSION)', async () => {
    gateway.fake.account.update({ minClientVersion: '2099.01.01' });
    const error = await failureOf('cursor:gpt-5');
    assert.equal(error.status, 400);
    assert.match(error.message, /x-cursor-client-version sent: cli-2026\.10\.01-e373342[\s\S]*THALAMUS_CLIENT_VERSION/);
  });

  it('on OUTDATED_CLIENT, retries once with a newer installed cursor-agent build', async () => {
    const home = await mkdtemp(join(tmpdir(), 'thalamus-cv-'));
    const retrying = await startGateway({ engine: { clientVersionHome: home }, fake: { account: { minClientVersion: '2026.11.01' } } });
    try {
      retrying.fake.setScript(async (run) => {
        run.text('fresh build');
        run.turnEnded();
      });
      // Installed after the gateway started, as an update of cursor-agent would be.
      await mkdir(join(home, '.local', 'share', 'cursor-agent', 'versions', '2026.11.20-abc1234'), { recursive: true });
      const answer = await retrying.anthropic().messages.create({ model: 'gpt-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
      assert.deepEqual(answer.content, [{ type: 'text', text: 'fresh build' }]);
      assert.deepEqual(
        retrying.fake.runs.map((run) => run.headers['x-cursor-client-version']),
        ['cli-2026.10.01-e373342', 'cli-2026.11.20-abc1234'],
      );
    } finally {
      await retrying.close();
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe('fake account: context windows and Max mode', () => {
  it('lists windows from AvailableModels: Anthropic ids Claude Code keeps, OpenAI native ids with the window', async () => {
    const anthropic = (await (await fetch(`${gateway.url}/v1/models`, { headers: { 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01' } })).json()) as {
      data: Array<{ id: string; display_name: string }>;
    };
    assert.ok(anthropic.data.length >= 8);
    for (const entry of anthropic.data) assert.match(entry.id, /claude/);
    assert.deepEqual(anthropic.data.find((entry) => entry.id === 'claude-via-cursor-gpt-5'), {
      type: 'model',
      id: 'claude-via-cursor-gpt-5',
      display_name: 'GPT-5 · via Cursor',
      created_at: '1970-01-01T00:00:00Z',
    });
    const openai = (await (await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${CLIENT_KEY}` } })).json()) as {
      data: Array<{ id: string; context_window: number }>;
    };
    assert.equal(openai.data.find((entry) => entry.id === 'gpt-5')?.context_window, 272_000);
    assert.equal(openai.data.find((entry) => entry.id === 'claude-4.1-opus')?.context_window, 200_000);
  });

  it('a listed id resolves back to its Cursor model', async () => {
    const answer = await ask('claude-via-cursor-gpt-5');
    assert.deepEqual(answer.content, [{ type: 'text', text: 'hello from gpt-5' }]);
  });

  it('[1m] sets Max mode in both RequestedModel and ModelDetails where the model has it; a 400 where not', async () => {
    await ask('claude-4.5-sonnet[1m]');
    const request = gateway.fake.runs.at(-1)!.request;
    assert.equal(request.modelDetails?.maxMode, true);
    assert.deepEqual({ modelId: request.requestedModel?.modelId, maxMode: request.requestedModel?.maxMode }, { modelId: 'claude-4.5-sonnet', maxMode: true });
    await ask('claude-4.5-sonnet');
    assert.equal(gateway.fake.runs.at(-1)!.request.requestedModel, undefined);
    const runs = gateway.fake.runs.length;
    const error = await failureOf('claude-4.1-opus[1m]');
    assert.equal(error.status, 400);
    assert.match(error.message, /no 1M context \(Max mode\)/);
    assert.equal(gateway.fake.runs.length, runs, 'no Run');
  });

  it('lists a [1m] twin of every Max mode model in both shapes, and each listed [1m] id runs on its model in Max mode', async () => {
    const maxModels = gateway.fake.account.state.models.filter((model) => model.maxModeWindow !== undefined);
    assert.ok(maxModels.length >= 2 && maxModels.length < gateway.fake.account.state.models.length, 'some models have Max mode, some not');
    const anthropic = (await (await fetch(`${gateway.url}/v1/models`, { headers: { 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01' } })).json()) as {
      data: Array<{ id: string; display_name: string }>;
    };
    const anthropicTwins = anthropic.data.filter((entry) => entry.id.endsWith('[1m]'));
    assert.equal(anthropicTwins.length, maxModels.length);
    assert.deepEqual(anthropic.data.find((entry) => entry.id === 'claude-via-cursor-gpt-5[1m]')?.display_name, 'GPT-5 · Max mode, 1M context · via Cursor');
    // Each twin follows its bare entry (Claude Code folds the pair into one model with a 1M choice).
    for (const twin of anthropicTwins) assert.equal(anthropic.data[anthropic.data.indexOf(twin) - 1]!.id, twin.id.slice(0, -'[1m]'.length));
    const openai = (await (await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${CLIENT_KEY}` } })).json()) as {
      data: Array<{ id: string; context_window: number; max_mode_context_window?: number }>;
    };
    const openaiTwins = openai.data.filter((entry) => entry.id.endsWith('[1m]'));
    assert.deepEqual(openai.data.find((entry) => entry.id === 'gpt-5[1m]'), { id: 'gpt-5[1m]', object: 'model', created: 0, owned_by: 'cursor', context_window: 1_000_000 });
    assert.equal(openaiTwins.length, maxModels.length);

    const one = (await (await fetch(`${gateway.url}/v1/models/${encodeURIComponent('gpt-5[1m]')}`, { headers: { authorization: `Bearer ${CLIENT_KEY}` } })).json()) as { id: string; context_window: number };
    assert.deepEqual({ id: one.id, window: one.context_window }, { id: 'gpt-5[1m]', window: 1_000_000 });

    for (const twin of anthropicTwins) {
      await ask(twin.id);
      const request = gateway.fake.runs.at(-1)!.request;
      const cursorId = maxModels.find((model) => twin.display_name.startsWith(`${model.displayName} · Max mode`))!.id;
      assert.deepEqual({ model: request.modelDetails?.modelId, maxMode: request.modelDetails?.maxMode, requested: request.requestedModel?.maxMode }, { model: cursorId, maxMode: true, requested: true }, twin.id);
    }
    for (const twin of openaiTwins) {
      await gateway.openai().chat.completions.create({ model: twin.id, messages: [{ role: 'user', content: 'hi' }] });
      const request = gateway.fake.runs.at(-1)!.request;
      assert.deepEqual({ model: request.modelDetails?.modelId, maxMode: request.modelDetails?.maxMode }, { model: twin.id.slice(0, -'[1m]'.length), maxMode: true }, twin.id);
    }
  });

  it("Anthropic's context-1m beta (how Claude Code sends a [1m] id) asks for Max mode like the suffix", async () => {
    const betas = { headers: { 'anthropic-beta': 'claude-code-20250219,context-1m-2025-08-07' } };
    const answer = await client.messages.create({ model: 'claude-via-cursor-gpt-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }, betas);
    assert.deepEqual(answer.content, [{ type: 'text', text: 'hello from gpt-5' }]);
    const request = gateway.fake.runs.at(-1)!.request;
    assert.deepEqual({ details: request.modelDetails?.maxMode, requested: request.requestedModel?.maxMode }, { details: true, requested: true });
    assert.equal(answer.model, 'claude-via-cursor-gpt-5', 'the model is echoed as the client sent it');
    await client.messages.create({ model: 'claude-via-cursor-gpt-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'anthropic-beta': 'claude-code-20250219' } });
    assert.equal(gateway.fake.runs.at(-1)!.request.requestedModel, undefined, 'no beta, no Max mode');
    const error = await client.messages
      .create({ model: 'claude-4.1-opus', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }, betas)
      .then(() => assert.fail('expected a 400'), (caught: unknown) => caught as InstanceType<typeof Anthropic.APIError>);
    assert.equal(error.status, 400);
    assert.match(error.message, /no 1M context \(Max mode\)/);
    assert.match(error.message, /use it without the context-1m beta/);
  });

  it('a prompt that cannot fit the window is answered locally in both shapes, without a Run', async () => {
    const small = await startGateway({
      fake: { account: { models: defaultAccountState().models.map((model) => ({ ...model, contextWindow: 1_000 })) } },
    });
    try {
      const long = 'lorem ipsum dolor sit amet '.repeat(400);
      const anthropicError = await small
        .anthropic()
        .messages.create({ model: 'gpt-5', max_tokens: 10, messages: [{ role: 'user', content: long }] })
        .then(() => assert.fail('expected a 400'), (caught: unknown) => caught as InstanceType<typeof Anthropic.APIError>);
      assert.equal(anthropicError.status, 400);
      assert.match(anthropicError.message, /prompt is too long: \d+ tokens > 1000 maximum/);
      const openaiError = await small
        .openai()
        .chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: long }] })
        .then(() => assert.fail('expected a 400'), (caught: unknown) => caught as { status: number; code: string });
      assert.equal(openaiError.status, 400);
      assert.equal(openaiError.code, 'context_length_exceeded');
      assert.equal(small.fake.runs.length, 0);
    } finally {
      await small.close();
    }
  });
});

describe('Claude Code contract details', () => {
  it('honours max_tokens: the answer stops at the cap with stop_reason max_tokens (OpenAI: finish_reason length) and the run is cancelled', async () => {
    gateway.fake.setScript(async (run) => {
      for (let i = 0; i < 50; i++) run.text('lorem ipsum ');
      await run.sleep(5_000);
      run.turnEnded();
    });
    try {
      const answer = await client.messages.create({ model: 'gpt-5', max_tokens: 10, messages: [{ role: 'user', content: 'talk' }] });
      assert.equal(answer.stop_reason, 'max_tokens');
      const text = (answer.content[0] as Anthropic.TextBlock).text;
      assert.equal(text.length, 40, 'ten tokens of about four characters');
      assert.ok(text.startsWith('lorem ipsum lorem'));
      const openai = await gateway.openai().chat.completions.create({ model: 'gpt-5', max_tokens: 10, messages: [{ role: 'user', content: 'talk' }] });
      assert.equal(openai.choices[0]!.finish_reason, 'length');
      const run = gateway.fake.runs.at(-1)!;
      for (let tries = 0; !run.clientAborted && tries < 500; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(run.clientAborted, true, 'the upstream run was cancelled');
    } finally {
      gateway.fake.setScript(async (run) => {
        run.text(`hello from ${run.request.modelDetails?.modelId}`);
        run.tokenDelta(3);
        run.turnEnded();
      });
    }
  });
});

describe('tool_choice', () => {
  it('any/tool go to Cursor as an instruction; an answer that ignores them is reported in the log', async () => {
    const lines: string[] = [];
    const logged = await startGateway({ engine: { logger: createLogger((line) => lines.push(line)) } });
    try {
      logged.fake.setScript(async (run) => {
        run.text('no tools today');
        run.turnEnded();
      });
      const tool = { name: 'get_weather', description: 'Weather', input_schema: { type: 'object' as const, properties: {} } };
      await logged.anthropic().messages.create({
        model: 'gpt-5',
        max_tokens: 100,
        tools: [tool],
        tool_choice: { type: 'tool', name: 'get_weather' },
        messages: [{ role: 'user', content: 'weather?' }],
      });
      const request = logged.fake.runs.at(-1)!.request;
      const action = request.action?.action;
      assert.ok(action?.case === 'userMessageAction');
      assert.match(action.value.requestContext?.cloudRule ?? '', /You must call the tool get_weather\./);
      assert.ok(lines.some((line) => /tool_choice not honoured: the model did not call the required tool/.test(line) && /get_weather/.test(line)));
    } finally {
      await logged.close();
    }
  });
});
