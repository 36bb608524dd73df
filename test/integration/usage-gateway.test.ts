// Usage inside the whole gateway (src/proxy/gateway.ts) on the fake Cursor: the meters feed the
// error classifier, so a used-up API pool reads as "used up" in both API shapes while Auto works.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFakeCursor, type FakeCursor } from '../../src/fake-cursor/index.js';
import { EnvTokenProvider } from '../../src/proxy/cursor/env-token-provider.js';
import { startGateway, type RunningGateway } from '../../src/proxy/gateway.js';
import { silentLogger } from '../../src/proxy/log.js';

const KEY = 'thl_usage_gateway_key_0123456789';

export interface UsageStack {
  gateway: RunningGateway;
  fake: FakeCursor;
  anthropic(model: string, text?: string): Promise<Response>;
  openai(model: string, text?: string): Promise<Response>;
  close(): Promise<void>;
}

export async function startUsageStack(env: NodeJS.ProcessEnv = {}): Promise<UsageStack> {
  const root = await mkdtemp(join(tmpdir(), 'thalamus-usage-gw-'));
  const fake = await startFakeCursor();
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
    anthropic: (model, text = 'hello') => post('/v1/messages', { model, max_tokens: 64, messages: [{ role: 'user', content: text }] }),
    openai: (model, text = 'hello') => post('/v1/chat/completions', { model, messages: [{ role: 'user', content: text }] }),
    async close() {
      await gateway.close();
      await fake.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

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
