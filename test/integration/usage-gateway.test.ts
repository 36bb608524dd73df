// Usage inside the whole gateway (src/proxy/app/gateway.ts) on the fake Cursor: local accounting
// across a restart; the meters feed the error classifier (a used-up API pool reads as "used up"
// while Auto works); the caps and the loop guard, in both API shapes.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeFile } from 'node:fs/promises';
import { startFakeCursor, type FakeCursor, type RunScript } from '../../src/fake-cursor/index.js';
import { EnvTokenProvider } from '../../src/proxy/cursor/env-token-provider.js';
import { startGateway, type RunningGateway } from '../../src/proxy/app/gateway.js';
import { silentLogger } from '../../src/proxy/log/logger.js';

const KEY = 'thl_usage_gateway_key_0123456789';

export interface UsageStack {
  gateway: RunningGateway;
  fake: FakeCursor;
  configDir: string;
  anthropic(model: string, text?: string): Promise<Response>;
  openai(model: string, text?: string): Promise<Response>;
  post(path: string, body: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** `configDir`: kept after close (a restart test reuses it); default a fresh one, removed. */
export async function startUsageStack(env: NodeJS.ProcessEnv = {}, configDir?: string, script?: RunScript): Promise<UsageStack> {
  const root = configDir ?? (await mkdtemp(join(tmpdir(), 'thalamus-usage-gw-')));
  const fake = await startFakeCursor({ script });
  const gateway = await startGateway({
    port: 0,
    announce: false,
    logger: silentLogger,
    env: { THALAMUS_CONFIG_DIR: root, THALAMUS_API_KEY: KEY, THALAMUS_CURSOR_BASE_URL: fake.url, ...env },
    tokenProvider: new EnvTokenProvider({ THALAMUS_CURSOR_TOKEN: 'usage-gateway-token' }),
  });
  const post = (path: string, body: unknown) =>
    fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'x-api-key': KEY, authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return {
    gateway,
    fake,
    configDir: root,
    post,
    anthropic: (model, text = 'hello') => post('/v1/messages', { model, max_tokens: 64, messages: [{ role: 'user', content: text }] }),
    openai: (model, text = 'hello') => post('/v1/chat/completions', { model, messages: [{ role: 'user', content: text }] }),
    async close() {
      await gateway.close();
      await fake.close();
      if (!configDir) await rm(root, { recursive: true, force: true });
    },
  };
}

describe('local accounting', () => {
  it('counts each forwarded request per Cursor model with Cursor’s token counts, across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'thalamus-usage-restart-'));
    try {
      const first = await startUsageStack({}, dir);
      assert.equal((await first.anthropic('claude-4.5-sonnet')).status, 200);
      assert.equal((await first.openai('gpt-5')).status, 200);
      const today = (await first.gateway.usage.view()).local.today;
      assert.equal(today.requests, 2);
      assert.deepEqual(Object.keys(today.byModel).sort(), ['claude-4.5-sonnet', 'gpt-5']);
      assert.ok(today.byModel['gpt-5']!.inputTokens > 0 && today.byModel['gpt-5']!.outputTokens > 0);
      await first.close();

      const second = await startUsageStack({}, dir);
      assert.deepEqual((await second.gateway.usage.view()).local.today, today);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a used-up API pool', () => {
  let stack: UsageStack;
  before(async () => {
    stack = await startUsageStack();
    stack.fake.account.setPercentUsed('api', 100);
    // The classifier reads the cached meters; a gateway in use has them within the first request.
    await stack.gateway.usage.view({ refresh: true });
  });
  after(() => stack.close());

  it('Anthropic: 429 naming the API pool and when it resets; Auto still answers', async () => {
    const refused = await stack.anthropic('claude-4.5-sonnet');
    assert.equal(refused.status, 429);
    const body = (await refused.json()) as { error: { type: string; message: string } };
    assert.equal(body.error.type, 'rate_limit_error');
    assert.match(body.error.message, /API pool used up until \d{4}-\d\d-\d\d; Auto and Composer still work/);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.equal((await stack.anthropic('default')).status, 200);
  });

  it('OpenAI: 429 insufficient_quota', async () => {
    const refused = await stack.openai('gpt-5');
    assert.equal(refused.status, 429);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'insufficient_quota');
  });
});

interface AnthropicError {
  error: { type: string; message: string };
}
interface OpenAiError {
  error: { type: string; code: string; message: string };
}

describe('the daily request cap', () => {
  let stack: UsageStack;
  before(async () => {
    stack = await startUsageStack({ THALAMUS_DAILY_REQUEST_LIMIT: '2' });
  });
  after(() => stack.close());

  it('refuses the request past the limit with a 429 naming it, in both shapes, and starts no Run', async () => {
    assert.equal((await stack.anthropic('default')).status, 200);
    assert.equal((await stack.openai('default')).status, 200);
    const runs = stack.fake.runs.length;
    const refused = await stack.anthropic('default');
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    const body = (await refused.json()) as AnthropicError;
    assert.equal(body.error.type, 'rate_limit_error');
    assert.match(body.error.message, /daily request limit reached: 2 requests today \(set by THALAMUS_DAILY_REQUEST_LIMIT\)\. It resets at local midnight \(\d{4}-\d\d-\d\dT/);
    const openai = await stack.openai('gpt-5');
    assert.equal(openai.status, 429);
    const openaiBody = (await openai.json()) as OpenAiError;
    assert.equal(openaiBody.error.code, 'insufficient_quota');
    assert.match(openaiBody.error.message, /THALAMUS_DAILY_REQUEST_LIMIT/);
    assert.equal(stack.fake.runs.length, runs, 'no Run started');
    assert.equal((await stack.gateway.usage.view()).local.today.requests, 2, 'refused requests are not counted as forwarded');
  });

  it('counts what earlier runs logged today, read while the gateway already listens: the first request of a new run is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'thalamus-usage-restart-'));
    try {
      const first = await startUsageStack({ THALAMUS_DAILY_REQUEST_LIMIT: '2' }, dir);
      assert.equal((await first.anthropic('default')).status, 200);
      assert.equal((await first.anthropic('default')).status, 200);
      await first.close();
      const second = await startUsageStack({ THALAMUS_DAILY_REQUEST_LIMIT: '2' }, dir);
      try {
        assert.equal((await second.anthropic('default')).status, 429);
        assert.equal((await second.gateway.usage.view()).local.today.requests, 2, 'each logged request counted once');
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the API pool stop', () => {
  let stack: UsageStack;
  before(async () => {
    stack = await startUsageStack();
    stack.fake.account.setPercentUsed('api', 85);
    await stack.gateway.usage.view({ refresh: true });
  });
  after(() => stack.close());

  it('set in the UI settings: named models stop at the percentage, Auto and Composer go on; no Run for the refused', async () => {
    assert.equal((await stack.anthropic('claude-4.5-sonnet')).status, 200, 'no stop set yet');
    await writeFile(join(stack.configDir, 'settings.json'), JSON.stringify({ apiPoolStopPercent: 80 }));
    const runs = stack.fake.runs.length;
    const refused = await stack.anthropic('claude-4.5-sonnet');
    assert.equal(refused.status, 429);
    assert.match(((await refused.json()) as AnthropicError).error.message, /stopped claude-4\.5-sonnet: Cursor's API pool is at 85 %, at or above the 80 % stop \(set by the API pool stop in Thalamus's settings \(THALAMUS_API_POOL_STOP_PERCENT overrides it\)\)\. It resets when the billing cycle ends \(\d{4}-/);
    const openai = await stack.openai('gpt-5');
    assert.equal(openai.status, 429);
    assert.equal(((await openai.json()) as OpenAiError).error.code, 'insufficient_quota');
    assert.equal(stack.fake.runs.length, runs, 'no Run started');
    assert.equal((await stack.anthropic('default')).status, 200);
    assert.equal((await stack.openai('composer-1')).status, 200);
  });
});

describe('the loop guard', () => {
  const CALL = { name: 'read_file', args: { path: 'a.txt', limit: 10 } };
  let stack: UsageStack;
  before(async () => {
    // The model asks for the same read every time.
    stack = await startUsageStack({ THALAMUS_LOOP_LIMIT: '3' }, undefined, async (run) => {
      await run.toolCall(CALL);
      run.text('done');
      run.turnEnded();
    });
  });
  after(() => stack.close());

  const tool = { name: 'read_file', description: 'Reads a file', input_schema: { type: 'object', properties: { path: { type: 'string' }, limit: { type: 'number' } } } };
  function anthropicLoop(calls: number) {
    const messages: unknown[] = [{ role: 'user', content: 'read a.txt' }];
    for (let index = 0; index < calls; index++) {
      // Key order differs: the same input all the same.
      messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: `toolu_${index}`, name: 'read_file', input: index % 2 ? { limit: 10, path: 'a.txt' } : { path: 'a.txt', limit: 10 } }] });
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${index}`, content: 'same text' }] });
    }
    return { model: 'claude-4.5-sonnet', max_tokens: 256, tools: [tool], messages };
  }
  function openaiLoop(calls: number) {
    const messages: unknown[] = [{ role: 'user', content: 'read a.txt' }];
    for (let index = 0; index < calls; index++) {
      messages.push({ role: 'assistant', content: null, tool_calls: [{ id: `call_${index}`, type: 'function', function: { name: 'read_file', arguments: JSON.stringify(CALL.args) } }] });
      messages.push({ role: 'tool', tool_call_id: `call_${index}`, content: 'same text' });
    }
    return { model: 'gpt-5', tools: [{ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.input_schema } }], messages };
  }

  it('below the limit the call goes to the client', async () => {
    const response = await stack.post('/v1/messages', anthropicLoop(2));
    const body = (await response.json()) as { stop_reason: string; content: Array<{ type: string }> };
    assert.equal(body.stop_reason, 'tool_use');
    assert.ok(body.content.some((block) => block.type === 'tool_use'));
  });

  it('Anthropic: the repeated call is withheld; the turn ends with text saying a loop was stopped and how to go on', async () => {
    const parked = stack.gateway.engine.stats().parkedRuns;
    const response = await stack.post('/v1/messages', anthropicLoop(3));
    assert.equal(response.status, 200);
    const body = (await response.json()) as { stop_reason: string; content: Array<{ type: string; text?: string }> };
    assert.equal(body.stop_reason, 'end_turn');
    assert.deepEqual(body.content.map((block) => block.type), ['text']);
    assert.match(body.content[0]!.text!, /Thalamus stopped a loop: the model asked for the tool "read_file" with the same input again after 3 identical calls in a row \(THALAMUS_LOOP_LIMIT=3\)\. The call was not run\. To continue, tell the model what to do differently, or raise THALAMUS_LOOP_LIMIT\./);
    assert.equal(stack.gateway.engine.stats().parkedRuns, parked, 'the run was cancelled, not parked');
  });

  it('OpenAI: the same, finish_reason stop and no tool_calls', async () => {
    const response = await stack.post('/v1/chat/completions', openaiLoop(3));
    const body = (await response.json()) as { choices: Array<{ finish_reason: string; message: { content: string; tool_calls?: unknown[] } }> };
    assert.equal(body.choices[0]!.finish_reason, 'stop');
    assert.equal(body.choices[0]!.message.tool_calls, undefined);
    assert.match(body.choices[0]!.message.content, /Thalamus stopped a loop/);
  });
});
