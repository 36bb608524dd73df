// The admin API (`serve --ui`) over real HTTP: the browser UI's ThalamusApi, on a real gateway
// in front of the fake Cursor. Login runs against a stub AuthService (the contract), since the
// gateway only needs the interface.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { startFakeCursor, type FakeCursor, type RunScript } from '../../src/fake-cursor/index.js';
import { withAdminUi } from '../../src/proxy/admin/admin-app.js';
import type { TokenProvider } from '../../src/proxy/auth/token-provider.js';
import { createActivity } from '../../src/proxy/usage/activity.js';
import { EnvTokenProvider } from '../../src/proxy/cursor/env-token-provider.js';
import { describeFailure } from '../../src/proxy/error-words.js';
import { startGateway, type RunningGateway } from '../../src/proxy/app/gateway.js';
import { silentLogger } from '../../src/proxy/log/logger.js';
import { startServer } from '../../src/proxy/http/server.js';
import type { ChatEvent, ConfigFileApplied, ConfigFilePreview, LoginView, StatusView } from '../../src/shared/thalamus-api.js';
import { httpRaw } from '../helpers/http.js';
import { StubAuth } from '../helpers/stub-auth.js';
import { assertCancelledBeforeReset } from '../helpers/fake-run.js';
import { unusedUsageService } from '../helpers/usage.js';
import { strFromU8, unzipSync } from 'fflate';
import { TrafficCapture } from '../../src/proxy/log/capture.js';
import type { RequestList } from '../../src/shared/request-record.js';
import { statuslineCommandLine } from '../../src/proxy/usage/statusline-command.js';
import type { UsageView } from '../../src/shared/usage.js';

const KEY = 'thl_admin_test_key_0123456789';
const TOKEN = ['{"alg":"none"}', '{"sub":"t","email":"ada@example.com","exp":1893456000}'].map((p) => Buffer.from(p).toString('base64url')).join('.') + '.sig';

interface Stack {
  gateway: RunningGateway;
  fake: FakeCursor;
  configDir: string;
  claudeDir: string;
  call(path: string, init?: RequestInit & { key?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

async function startStack(options: { script?: RunScript; tokenProvider?: TokenProvider; ui?: boolean } = {}): Promise<Stack> {
  const root = await mkdtemp(join(tmpdir(), 'thalamus-admin-'));
  const configDir = join(root, 'config');
  const claudeDir = join(root, 'claude');
  const fake = await startFakeCursor({ script: options.script });
  const gateway = await startGateway({
    port: 0,
    ui: options.ui ?? true,
    announce: false,
    logger: silentLogger,
    env: { THALAMUS_CONFIG_DIR: configDir, THALAMUS_API_KEY: KEY, CLAUDE_CONFIG_DIR: claudeDir, THALAMUS_CURSOR_BASE_URL: fake.url },
    tokenProvider: options.tokenProvider ?? new EnvTokenProvider({ THALAMUS_CURSOR_TOKEN: TOKEN }),
  });
  return {
    gateway,
    fake,
    configDir,
    claudeDir,
    call(path, { key = KEY, ...init } = {}) {
      const headers = new Headers(init.headers);
      if (key !== null) headers.set('authorization', `Bearer ${key}`);
      return fetch(`${gateway.url}${path}`, { ...init, headers });
    },
    async close() {
      await gateway.close();
      await fake.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

const json = async <T>(response: Response, status = 200): Promise<T> => {
  assert.equal(response.status, status, await response.clone().text());
  return (await response.json()) as T;
};

const errorMessage = async (response: Response): Promise<string> => ((await response.json()) as { error: { message: string } }).error.message;

/** The `data:` payloads of an SSE body. */
function chatEvents(text: string): ChatEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => JSON.parse(block.slice(6)) as ChatEvent);
}

const postJson = (body: unknown, method = 'POST'): RequestInit => ({ method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('admin API', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  it('every admin route needs the client key', async () => {
    for (const [method, path] of [
      ['GET', '/admin/api/status'],
      ['GET', '/admin/api/requests'],
      ['GET', '/admin/api/report'],
      ['PUT', '/admin/api/capture'],
      ['GET', '/admin/api/client-config'],
      ['GET', '/admin/api/settings'],
      ['POST', '/admin/api/chat'],
      ['POST', '/admin/api/claude-settings/apply'],
    ] as const) {
      const missing = await stack.call(path, { method, key: null });
      assert.equal(missing.status, 401, `${method} ${path} without a key`);
      assert.match(await errorMessage(missing), /missing client key/);
      assert.equal((await stack.call(path, { method, key: 'thl_wrong_key_000000000000' })).status, 401, `${method} ${path} with a wrong key`);
    }
  });

  it('refuses a foreign Host and a foreign Origin', async () => {
    const port = new URL(stack.gateway.url).port;
    const auth = { authorization: `Bearer ${KEY}` };
    assert.equal((await httpRaw(stack.gateway.url, { path: '/admin/api/status', headers: { ...auth, host: `evil.example:${port}` } })).status, 403);
    assert.equal((await httpRaw(stack.gateway.url, { path: '/admin/api/status', headers: { ...auth, origin: 'https://evil.example' } })).status, 403);
    assert.equal((await httpRaw(stack.gateway.url, { path: '/ui/', headers: { host: `evil.example:${port}` } })).status, 403);
  });

  it('status: running, not the demo, the account from the token, turns counted today', async () => {
    stack.fake.setScript(async (run) => {
      run.text('ok');
      run.turnEnded();
    });
    const before = await json<StatusView>(await stack.call('/admin/api/status'));
    assert.deepEqual(before.gateway, { state: 'running', url: stack.gateway.url, demo: false });
    assert.deepEqual(before.account, { loggedIn: true, email: 'ada@example.com', expiresAt: '2030-01-01T00:00:00.000Z', storage: 'env', needsLogin: false });
    assert.deepEqual(before.login, { state: 'idle' });
    const turn = await stack.call('/v1/messages', postJson({ model: 'gpt-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(turn.status, 200);
    await turn.text();
    const afterTurn = await json<StatusView>(await stack.call('/admin/api/status'));
    assert.equal(afterTurn.requestsToday, before.requestsToday + 1);
  });

  it('client config: the base URL and the key, never cached', async () => {
    const response = await stack.call('/admin/api/client-config');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await json(response), { baseUrl: stack.gateway.url, clientKey: KEY });
  });

  it('models: Cursor ids and display names', async () => {
    const models = await json<Array<{ id: string; displayName: string }>>(await stack.call('/admin/api/models'));
    assert.deepEqual(models.find((model) => model.id === 'gpt-5'), { id: 'gpt-5', displayName: 'GPT-5' });
  });

  it('login without the login module: 501 that says to use `thalamus login`', async () => {
    for (const path of ['/admin/api/login', '/admin/api/login/cancel', '/admin/api/logout']) {
      const response = await stack.call(path, { method: 'POST' });
      assert.equal(response.status, 501, path);
      assert.match(await errorMessage(response), /`thalamus login`/);
    }
  });

  it('settings: validated, then kept in the config dir', async () => {
    const settings = await json(await stack.call('/admin/api/settings', postJson({ defaultModel: 'gpt-5' }, 'PATCH')));
    assert.deepEqual(settings, { port: 3013, defaultModel: 'gpt-5', smallFastModel: '', opusModel: '', sonnetModel: '', haikuModel: '', openAtLogin: false, fallback: '', dailyRequestLimit: null, apiPoolStopPercent: null });
    assert.deepEqual(JSON.parse(await readFile(join(stack.configDir, 'settings.json'), 'utf8')), settings);
    const bad = await stack.call('/admin/api/settings', postJson({ defaultModel: 42 }, 'PATCH'));
    assert.equal(bad.status, 400);
    assert.match(await errorMessage(bad), /defaultModel must be a model id/);
    assert.deepEqual(await json(await stack.call('/admin/api/settings')), settings);
  });

  it('chat streams the model, the text and done', async () => {
    stack.fake.setScript(async (run) => {
      run.text('Hello');
      run.text(' there');
      run.turnEnded();
    });
    const response = await stack.call('/admin/api/chat', postJson({ model: 'sonnet-4.5', messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.deepEqual(chatEvents(await response.text()), [
      { type: 'model', model: 'claude-4.5-sonnet' },
      { type: 'text', text: 'Hello' },
      { type: 'text', text: ' there' },
      { type: 'done' },
    ]);
    assert.equal(stack.fake.runs.at(-1)!.request.modelDetails?.modelId, 'claude-4.5-sonnet');
  });

  it('chat: closing the request (the UI\'s Stop) cancels the upstream run in-band, then resets it', async () => {
    let upstreamAborted!: () => void;
    const aborted = new Promise<void>((resolve) => (upstreamAborted = resolve));
    stack.fake.setScript(async (run) => {
      run.aborted.addEventListener('abort', () => upstreamAborted());
      run.text('Once upon');
      await run.sleep(60_000);
      run.turnEnded();
    });
    const controller = new AbortController();
    const response = await stack.call('/admin/api/chat', { ...postJson({ model: 'gpt-5', messages: [{ role: 'user', content: 'tell a story' }] }), signal: controller.signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    while (!received.includes('Once upon')) {
      const { value, done } = await reader.read();
      assert.ok(!done, 'the stream ended before the first text');
      received += decoder.decode(value, { stream: true });
    }
    controller.abort();
    await aborted;
    assertCancelledBeforeReset(stack.fake.runs.at(-1)!);
  });

  it('chat: an upstream failure is an error event in words, and the status shows it', async () => {
    stack.fake.setScript(async (run) => run.fail({ code: 'resource_exhausted', message: 'You have hit your usage limit' }));
    const response = await stack.call('/admin/api/chat', postJson({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] }));
    const expected = describeFailure('quota_exhausted', 'You have hit your usage limit');
    assert.deepEqual(chatEvents(await response.text()).at(-1), { type: 'error', message: expected });
    const status = await json<StatusView>(await stack.call('/admin/api/status'));
    assert.equal(status.lastError, expected);
    assert.ok(status.lastErrorAt && !Number.isNaN(Date.parse(status.lastErrorAt)));
  });

  it('chat: an unknown model is an error event; a malformed body is a 400', async () => {
    const unknown = await stack.call('/admin/api/chat', postJson({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] }));
    const [event] = chatEvents(await unknown.text());
    assert.equal(event!.type, 'error');
    assert.match((event as { message: string }).message, /^Cursor does not offer that model/);
    for (const body of [{ messages: [{ role: 'user', content: 'hi' }] }, { model: 'gpt-5', messages: [] }, { model: 'gpt-5', messages: [{ role: 'system', content: 'x' }] }]) {
      assert.equal((await stack.call('/admin/api/chat', postJson(body))).status, 400, JSON.stringify(body));
    }
  });

  it('claude settings: preview, apply (keeping other keys, removing provider switches, with a backup), undo', async () => {
    await mkdir(stack.claudeDir, { recursive: true });
    const path = join(stack.claudeDir, 'settings.json');
    const seeded = JSON.stringify({ theme: 'dark', env: { KEEP_ME: '1', CLAUDE_CODE_USE_BEDROCK: '1' } }, null, 2) + '\n';
    await writeFile(path, seeded);
    await json(await stack.call('/admin/api/settings', postJson({ defaultModel: 'gpt-5', smallFastModel: 'composer-1', sonnetModel: 'claude-via-cursor-gpt-5' }, 'PATCH')));

    const preview = await json<ConfigFilePreview>(await stack.call('/admin/api/claude-settings/preview'));
    assert.equal(preview.path, path);
    assert.equal(preview.before, seeded);
    const expectedEnv = {
      KEEP_ME: '1',
      ANTHROPIC_BASE_URL: stack.gateway.url,
      ANTHROPIC_AUTH_TOKEN: KEY,
      ANTHROPIC_MODEL: 'gpt-5',
      ANTHROPIC_SMALL_FAST_MODEL: 'composer-1',
      ANTHROPIC_DEFAULT_SONNET_MODEL: 'claude-via-cursor-gpt-5',
      CLAUDE_CODE_DISABLE_NONSTREAMING_FALLBACK: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY: '1',
    };
    assert.deepEqual(JSON.parse(preview.after), { theme: 'dark', env: expectedEnv, statusLine: { type: 'command', command: statuslineCommandLine(), padding: 0 } });
    assert.equal(await readFile(path, 'utf8'), seeded, 'preview writes nothing');
    assert.equal(preview.notes?.length, 1);
    assert.match(preview.notes![0], /Removed CLAUDE_CODE_USE_BEDROCK .*Amazon Bedrock instead of Thalamus/);

    const applied = await json<ConfigFileApplied>(await stack.call('/admin/api/claude-settings/apply', { method: 'POST' }));
    assert.deepEqual(applied.notes, preview.notes);
    assert.equal(await readFile(path, 'utf8'), preview.after);
    assert.equal(await readFile(applied.backupPath!, 'utf8'), seeded);

    assert.equal((await stack.call('/admin/api/claude-settings/undo', { method: 'POST' })).status, 204);
    assert.equal(await readFile(path, 'utf8'), seeded);
    assert.deepEqual(await readdir(stack.claudeDir), ['settings.json']);
    const again = await stack.call('/admin/api/claude-settings/undo', { method: 'POST' });
    assert.equal(again.status, 409);
    assert.match(await errorMessage(again), /Nothing to undo/);
  });

  it('claude settings: a malformed file is a 409 and stays as it was', async () => {
    await mkdir(stack.claudeDir, { recursive: true });
    const path = join(stack.claudeDir, 'settings.json');
    await writeFile(path, '{ "theme": ');
    const response = await stack.call('/admin/api/claude-settings/apply', { method: 'POST' });
    assert.equal(response.status, 409);
    assert.match(await errorMessage(response), /not valid JSON/);
    assert.equal(await readFile(path, 'utf8'), '{ "theme": ');
    assert.deepEqual(await readdir(stack.claudeDir), ['settings.json']);
  });

  it('usage: the plan meters from Cursor’s DashboardService, cached; refresh=1 asks again', async () => {
    stack.fake.account.update({ percentUsed: { auto: 10, api: 70 } });
    const first = await json<UsageView>(await stack.call('/admin/api/usage?refresh=1'));
    assert.equal(first.meters.plan, 'Pro');
    assert.equal(first.meters.pools.api.percentUsed, 70);
    assert.deepEqual(first.limits.dailyRequestLimit, { value: null, source: 'default' });
    const asked = stack.fake.dashboard.calls.length;
    stack.fake.account.setPercentUsed('api', 85);
    assert.equal((await json<UsageView>(await stack.call('/admin/api/usage'))).meters.pools.api.percentUsed, 70, 'served from the cache');
    assert.equal(stack.fake.dashboard.calls.length, asked);
    assert.equal((await json<UsageView>(await stack.call('/admin/api/usage?refresh=1'))).meters.pools.api.percentUsed, 85);
    assert.equal(stack.fake.dashboard.calls.length, asked + 3);
  });

  it('the client API is unchanged behind the UI', async () => {
    assert.equal((await stack.call('/health', { key: null })).status, 200);
    assert.equal((await stack.call('/v1/models', { key: null })).status, 401);
    assert.equal((await stack.call('/v1/models')).status, 200);
  });
});

describe('admin API: requests, capture and the bug report', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ script: async (run) => (run.text('hi'), run.turnEnded()) });
  });
  after(() => stack.close());

  it('lists requests newest first, switches capture (which then records), and serves a report zip without the key', async () => {
    assert.deepEqual(await json(await stack.call('/admin/api/capture')), { enabled: false });
    assert.deepEqual(await json(await stack.call('/admin/api/capture', postJson({ enabled: true }, 'PUT'))), { enabled: true });
    assert.equal((await stack.call('/admin/api/capture', postJson({ enabled: 'yes' }, 'PUT'))).status, 400);
    for (const model of ['sonnet', 'gpt-5']) {
      const answer = await stack.call('/v1/messages', postJson({ model, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }));
      assert.equal(answer.status, 200);
    }
    let list: RequestList = { records: [], skipped: 0 };
    for (let waited = 0; list.records.length < 2; waited += 20) {
      if (waited > 10_000) assert.fail('two requests expected in the list');
      await new Promise((resolve) => setTimeout(resolve, 20));
      list = await json<RequestList>(await stack.call('/admin/api/requests?limit=10'));
    }
    assert.deepEqual(list.records.map((record) => record.model), ['gpt-5', 'sonnet']);
    await stack.gateway.capture.flush();
    const report = await stack.call('/admin/api/report');
    assert.equal(report.status, 200);
    assert.equal(report.headers.get('content-type'), 'application/zip');
    assert.match(report.headers.get('content-disposition') ?? '', /attachment; filename="thalamus-report-\d{8}-\d{6}\.zip"/);
    const zip = unzipSync(new Uint8Array(await report.arrayBuffer()));
    assert.ok(Object.keys(zip).some((name) => name.startsWith('captures/')), 'capture was on for those requests');
    for (const bytes of Object.values(zip)) assert.ok(!strFromU8(bytes).includes(KEY));
  });
});

describe('admin API: not mounted without --ui', () => {
  it('answers the API 404', async () => {
    const stack = await startStack({ ui: false });
    try {
      assert.equal((await stack.call('/admin/api/status')).status, 404);
      assert.equal((await stack.call('/ui/', { key: null })).status, 401);
    } finally {
      await stack.close();
    }
  });
});

describe('admin API: login through the AuthService', () => {
  let stack: Stack;
  const auth = new StubAuth();
  before(async () => {
    stack = await startStack({ tokenProvider: auth });
  });
  after(() => stack.close());

  const login = async () => (await json<StatusView>(await stack.call('/admin/api/status'))).login;

  it('start → waiting with the URL → succeeded, and the account shows', async () => {
    const started = await json<LoginView>(await stack.call('/admin/api/login', { method: 'POST' }));
    assert.deepEqual(started, { state: 'waiting', url: 'https://cursor.example/loginDeepControl?uuid=1' });
    assert.deepEqual(await login(), started);
    auth.logins[0]!.approve();
    const status = await json<StatusView>(await stack.call('/admin/api/status'));
    assert.deepEqual(status.login, { state: 'succeeded' });
    assert.deepEqual(status.account, { loggedIn: true, email: 'grace@example.com', expiresAt: '2031-01-01T00:00:00.000Z', storage: 'keychain', needsLogin: false });
  });

  it('cancel → cancelled, and the login is told to stop', async () => {
    await json<LoginView>(await stack.call('/admin/api/login', { method: 'POST' }));
    assert.equal((await stack.call('/admin/api/login/cancel', { method: 'POST' })).status, 204);
    assert.equal(auth.logins.at(-1)!.cancelled, true);
    assert.deepEqual(await login(), { state: 'cancelled' });
  });

  it('a new login replaces a pending one', async () => {
    await stack.call('/admin/api/login', { method: 'POST' });
    const second = await json<LoginView>(await stack.call('/admin/api/login', { method: 'POST' }));
    assert.equal(auth.logins.at(-2)!.cancelled, true);
    assert.deepEqual(await login(), second);
  });

  it('log out', async () => {
    assert.equal((await stack.call('/admin/api/logout', { method: 'POST' })).status, 204);
    assert.equal(auth.loggedOut, 1);
    assert.equal((await json<StatusView>(await stack.call('/admin/api/status'))).account.loggedIn, false);
  });
});

describe('UI files', () => {
  let dir: string;
  let url: string;
  let close: () => Promise<void>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'thalamus-ui-files-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Thalamus</title>');
    const api = express();
    api.use((_req, res) => void res.status(418).end());
    const engine = { runTurn: () => { throw new Error('unused'); }, listModels: async () => [], stats: () => ({ openRuns: 0, parkedRuns: 0 }), close: async () => {} };
    const app = withAdminUi(api, {
      engine,
      clientKey: KEY,
      gatewayUrl: () => url,
      demo: false,
      account: new EnvTokenProvider({}),
      activity: createActivity(),
      usage: unusedUsageService(),
      configDir: join(dir, 'config'),
      env: { CLAUDE_CONFIG_DIR: join(dir, 'claude') },
      uiDir: dir,
      log: silentLogger,
      observability: { configDir: join(dir, 'config'), capture: new TrafficCapture(join(dir, 'config'), false), env: {} },
    });
    const server = await startServer({ app, host: '127.0.0.1', port: 0 });
    url = server.url;
    close = server.close;
  });
  after(async () => {
    await close();
    await rm(dir, { recursive: true, force: true });
  });

  it('are served without a key, with a strict CSP and no referrer; the page holds no key', async () => {
    const response = await fetch(`${url}/ui/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'.*frame-ancestors 'none'/);
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    assert.doesNotMatch(await response.text(), new RegExp(KEY));
  });

  it('/ui redirects to /ui/ so relative asset URLs resolve', async () => {
    const response = await fetch(`${url}/ui`, { redirect: 'manual' });
    assert.equal(response.status, 301);
    assert.equal(response.headers.get('location'), '/ui/');
  });

  it('other paths fall through to the API app', async () => {
    assert.equal((await fetch(`${url}/v1/anything`)).status, 418);
  });

  it('an unbuilt UI says how to build it', async () => {
    await rm(join(dir, 'index.html'));
    const response = await fetch(`${url}/ui/`);
    assert.equal(response.status, 503);
    assert.match(await response.text(), /npm run build:ui/);
  });
});
