import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createMainApi, type MainApiDeps } from '../../src/main/main-api.js';
import type { SupervisorSnapshot } from '../../src/main/engine-supervisor.js';
import { MainSettings } from '../../src/main/settings.js';
import type { AccountStatus, AuthService } from '../../src/proxy/auth/auth-service.js';
import { DEFAULT_SETTINGS, validateSettingsPatch } from '../../src/proxy/app/settings-store.js';
import type { EngineStatus } from '../../src/shared/engine-protocol.js';
import type { ChatEvent, LoginView, Settings } from '../../src/shared/thalamus-api.js';
import { sampleUsageView } from '../helpers/usage.js';
import { strFromU8, unzipSync } from 'fflate';
import { openRequestLog } from '../../src/proxy/log/request-log.js';

const ACCOUNT: AccountStatus = { loggedIn: true, needsLogin: false, email: 'me@example.com', storage: 'keychain' };

function fakeAuth(): AuthService & { loggedOut: number } {
  return {
    loggedOut: 0,
    account: () => ACCOUNT,
    status: () => ACCOUNT,
    getAccessToken: async () => 'token',
    refreshAfterUnauthenticated: async () => false,
    startBrowserLogin: () => assert.fail('the login session starts logins'),
    pollNow: () => {},
    loginWithApiKey: async () => ACCOUNT,
    loginWithToken: async () => ACCOUNT,
    importExisting: async () => ACCOUNT,
    async logout() {
      this.loggedOut += 1;
    },
    onChange: () => () => {},
  };
}

async function setup(options: { snapshot?: SupervisorSnapshot; counters?: EngineStatus; claudeDir?: string; codexDir?: string; configDir?: string } = {}) {
  let stored: Settings = { ...DEFAULT_SETTINGS };
  const settings = new MainSettings({
    read: async () => stored,
    update: async (patch) => (stored = { ...stored, ...validateSettingsPatch(patch) }),
  });
  await settings.load();
  const opened: string[] = [];
  const engineCalls: string[] = [];
  let login: LoginView = { state: 'idle' };
  const deps: MainApiDeps = {
    supervisor: { snapshot: () => options.snapshot ?? { state: 'running', url: 'http://127.0.0.1:3999', demo: false } },
    engine: {
      status: async () => (engineCalls.push('status'), options.counters),
      listModels: async () => [{ id: 'gpt-5', displayName: 'GPT-5' }],
      usage: async (refresh) => (engineCalls.push(`usage refresh=${refresh}`), sampleUsageView()),
      capture: async (enabled) => (engineCalls.push(`capture ${enabled}`), enabled ?? false),
      chat: async (_request, onEvent) => {
        engineCalls.push('chat');
        onEvent({ type: 'done' });
      },
    },
    auth: fakeAuth(),
    login: {
      start: () => (login = { state: 'waiting', url: 'https://cursor.com/loginDeepControl?uuid=u' }),
      cancel: () => void (login = { state: 'cancelled' }),
      view: () => login,
    },
    openExternal: (url) => opened.push(url),
    settings,
    clientKey: 'thl_desktop_key_0123456789abcdef',
    claudeSettingsPath: join(options.claudeDir ?? '/nonexistent', 'settings.json'),
    codexConfigPath: join(options.codexDir ?? '/nonexistent', 'config.toml'),
    configDir: options.configDir ?? '/nonexistent',
    reportsDir: options.configDir ?? '/nonexistent',
  };
  return { api: createMainApi(deps), opened, engineCalls, settings };
}

describe('main ThalamusApi', () => {
  test('status: gateway, account, login and the engine’s counters', async () => {
    const { api } = await setup({ counters: { openRuns: 1, parkedRuns: 0, requestsToday: 5, lastError: 'Cursor is overloaded', lastErrorAt: '2026-01-01T00:00:00.000Z' } });
    assert.deepEqual(await api.getStatus(), {
      gateway: { state: 'running', url: 'http://127.0.0.1:3999', demo: false },
      account: { loggedIn: true, needsLogin: false, email: 'me@example.com', expiresAt: undefined, storage: 'keychain', storageWarning: undefined },
      login: { state: 'idle' },
      requestsToday: 5,
      lastError: 'Cursor is overloaded',
      lastErrorAt: '2026-01-01T00:00:00.000Z',
    });
  });

  test('status: a failed gateway’s reason comes first, and the engine is not asked', async () => {
    const { api, engineCalls } = await setup({ snapshot: { state: 'error', demo: false, error: 'Port 3013 is already in use' } });
    const status = await api.getStatus();
    assert.equal(status.lastError, 'Port 3013 is already in use');
    assert.equal(status.requestsToday, 0);
    assert.deepEqual(engineCalls, []);
  });

  test('log in opens the browser on the login page and reports waiting', async () => {
    const { api, opened } = await setup();
    assert.deepEqual(await api.startLogin(), { state: 'waiting', url: 'https://cursor.com/loginDeepControl?uuid=u' });
    assert.deepEqual(opened, ['https://cursor.com/loginDeepControl?uuid=u']);
    await api.cancelLogin();
    assert.equal((await api.getStatus()).login.state, 'cancelled');
  });

  test('usage comes from the engine, with the refresh flag', async () => {
    const { api, engineCalls } = await setup();
    assert.equal((await api.getUsage()).meters.pools.api.percentUsed, 42);
    await api.getUsage(true);
    assert.deepEqual(engineCalls, ['usage refresh=false', 'usage refresh=true']);
  });

  test('client config: the running URL, else the configured port', async () => {
    assert.deepEqual(await (await setup()).api.getClientConfig(), { baseUrl: 'http://127.0.0.1:3999', clientKey: 'thl_desktop_key_0123456789abcdef' });
    const stopped = await setup({ snapshot: { state: 'stopped', demo: false } });
    await stopped.api.updateSettings({ port: 4100 });
    assert.equal((await stopped.api.getClientConfig()).baseUrl, 'http://127.0.0.1:4100');
  });

  test('a malformed chat is answered with an error event and never reaches the engine', async () => {
    const { api, engineCalls } = await setup();
    const events: ChatEvent[] = [];
    await api.chat({ model: '', messages: [] }, (event) => events.push(event));
    assert.equal(events.length, 1);
    assert.equal(events[0]?.type, 'error');
    assert.deepEqual(engineCalls, []);
    await api.chat({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] }, (event) => events.push(event));
    assert.deepEqual(engineCalls, ['chat']);
  });

  test('Claude Code settings: preview, apply with the gateway’s URL and key, undo', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'thalamus-claude-'));
    try {
      const { api } = await setup({ claudeDir: dir });
      await assert.rejects(api.undoClaudeSettings(), /Nothing to undo/);
      const preview = await api.previewClaudeSettings();
      assert.equal(preview.before, '');
      const applied = await api.applyClaudeSettings();
      const written = JSON.parse(await readFile(applied.path, 'utf8')) as { env: Record<string, string> };
      assert.equal(written.env.ANTHROPIC_BASE_URL, 'http://127.0.0.1:3999');
      assert.equal(written.env.ANTHROPIC_AUTH_TOKEN, 'thl_desktop_key_0123456789abcdef');
      assert.equal(written.env.OPENAI_API_KEY, undefined, 'only what Claude Code reads');
      assert.equal(preview.after, await readFile(applied.path, 'utf8'));
      await api.undoClaudeSettings();
      await assert.rejects(readFile(applied.path), { code: 'ENOENT' }, 'a file Thalamus created is removed again');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('Claude Code settings carry the opus/sonnet/haiku slots picked in Settings, and only those', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'thalamus-claude-'));
    try {
      const { api } = await setup({ claudeDir: dir });
      const unpicked = JSON.parse((await api.previewClaudeSettings()).after) as { env: Record<string, string> };
      assert.deepEqual(Object.keys(unpicked.env).filter((name) => name.startsWith('ANTHROPIC_DEFAULT_')), []);
      await api.updateSettings({ opusModel: 'claude-4.1-opus', sonnetModel: 'claude-via-cursor-gpt-5', haikuModel: 'claude-via-cursor-composer-1' });
      const applied = await api.applyClaudeSettings();
      const written = JSON.parse(await readFile(applied.path, 'utf8')) as { env: Record<string, string> };
      assert.equal(written.env.ANTHROPIC_DEFAULT_OPUS_MODEL, 'claude-4.1-opus');
      assert.equal(written.env.ANTHROPIC_DEFAULT_SONNET_MODEL, 'claude-via-cursor-gpt-5');
      assert.equal(written.env.ANTHROPIC_DEFAULT_HAIKU_MODEL, 'claude-via-cursor-composer-1');
      await assert.rejects(api.updateSettings({ opusModel: 'two words' }), /opusModel must be a model id/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('settings patches are validated by the store', async () => {
    const { api } = await setup();
    await assert.rejects(api.updateSettings({ port: -1 }), /port must be/);
    assert.equal((await api.updateSettings({ smallFastModel: 'haiku' })).smallFastModel, 'haiku');
    assert.equal((await api.getSettings()).smallFastModel, 'haiku');
  });
});

describe('main ThalamusApi: requests, capture and the bug report', () => {
  test('lists the request log newest first, switches capture in the engine, and saves a report with no client key', async () => {
    const configDir = await mkdtemp(join(tmpdir(), 'thalamus-main-obs-'));
    try {
      const log = openRequestLog(configDir);
      for (const id of ['req_1', 'req_2']) log.sink({ time: new Date(0).toISOString(), id, api: 'openai', model: 'thl_desktop_key_0123456789abcdef', stream: false, status: 200, outcome: 'end_turn', durationMs: 3, toolCalls: 0 });
      await log.flush();
      const { api, engineCalls } = await setup({ configDir });
      assert.deepEqual((await api.listRequests()).records.map((record) => record.id), ['req_2', 'req_1']);
      assert.equal(await api.setCapture(true), true);
      assert.deepEqual(engineCalls, ['capture true']);
      const report = await api.createReport();
      assert.equal(report.savedTo, join(configDir, report.fileName));
      const zip = unzipSync(await readFile(report.savedTo!));
      assert.ok(zip['requests.jsonl']);
      assert.ok(!strFromU8(zip['requests.jsonl']!).includes('thl_desktop_key_0123456789abcdef'));
    } finally {
      await rm(configDir, { recursive: true, force: true });
    }
  });
});
