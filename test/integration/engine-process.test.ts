// The engine process entry (src/main/engine-process.ts) forked with child_process and run by
// the real supervisor against the fake Cursor server: start, a real /v1/messages request,
// status counters, models, the test chat, a token refresh, a crash and restart, stop.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EngineClient } from '../../src/main/engine-client.js';
import { EngineSupervisor, type SupervisorSnapshot } from '../../src/main/engine-supervisor.js';
import { startFakeCursor, demoScript, type FakeCursor } from '../../src/fake-cursor/index.js';
import type { ChatEvent } from '../../src/shared/thalamus-api.js';
import { forkEngine, type ForkedEngine } from '../helpers/engine-child.js';

const CLIENT_KEY = 'thl_engine_process_test_key_0123456789';
const OLD_TOKEN = 'cursor-token-old';
const NEW_TOKEN = 'cursor-token-new';

interface Harness {
  supervisor: EngineSupervisor;
  client: EngineClient;
  children: ForkedEngine[];
  refreshes: number;
  untilState(state: SupervisorSnapshot['state']): Promise<SupervisorSnapshot>;
}

/** Every engine process forked, so a failed test cannot leave one running (and the file never ending). */
const forked: ForkedEngine[] = [];

function harness(fake: FakeCursor, configDir: string, token: string | null): Harness {
  const children: ForkedEngine[] = [];
  const env = { ...process.env, THALAMUS_CURSOR_BASE_URL: fake.url, THALAMUS_API_KEY: CLIENT_KEY, THALAMUS_CURSOR_TOKEN: '' };
  const h: Harness = {
    children,
    refreshes: 0,
    supervisor: new EngineSupervisor({
      fork: () => {
        const child = forkEngine(env);
        children.push(child);
        forked.push(child);
        return child;
      },
      startPayload: async () => ({ config: { host: '127.0.0.1', port: 0, demo: false, configDir }, token }),
      refreshToken: async () => {
        h.refreshes += 1;
        return NEW_TOKEN;
      },
      backoff: { initialMs: 10, maxMs: 10, healthyAfterMs: 60_000 },
    }),
    client: undefined as unknown as EngineClient,
    untilState: (state) =>
      new Promise((resolve) => {
        const current = h.supervisor.snapshot();
        if (current.state === state) return resolve(current);
        const off = h.supervisor.onChange((snapshot) => {
          if (snapshot.state !== state) return;
          off();
          resolve(snapshot);
        });
      }),
  };
  h.client = new EngineClient(h.supervisor);
  return h;
}

interface MessageBody {
  content?: Array<{ type: string; text?: string }>;
}

async function postMessage(url: string, text: string): Promise<{ status: number; body: MessageBody }> {
  const response = await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': CLIENT_KEY, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'sonnet', max_tokens: 256, messages: [{ role: 'user', content: text }] }),
  });
  return { status: response.status, body: (await response.json()) as MessageBody };
}

function textOf(body: MessageBody): string {
  return (body.content ?? []).filter((block) => block.type === 'text').map((block) => block.text).join('');
}

describe('engine process', () => {
  let fake: FakeCursor;
  let configDir: string;

  before(async () => {
    fake = await startFakeCursor();
    configDir = await mkdtemp(join(tmpdir(), 'thalamus-engine-'));
  });
  after(async () => {
    for (const child of forked) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    await fake.close();
    await rm(configDir, { recursive: true, force: true });
  });

  test('start → a real /v1/messages request → status counters move → models → chat → stop', async () => {
    fake.setScript(demoScript);
    const h = harness(fake, configDir, NEW_TOKEN);
    h.supervisor.start();
    const running = await h.untilState('running');
    assert.match(running.url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(running.demo, false);

    assert.equal((await h.client.status())?.requestsToday, 0);
    const { status, body } = await postMessage(running.url!, 'hello through the engine process');
    assert.equal(status, 200, JSON.stringify(body));
    assert.match(textOf(body), /hello through the engine process/);
    assert.equal(fake.runs.at(-1)?.headers.authorization, `Bearer ${NEW_TOKEN}`);
    const counted = await h.client.status();
    assert.equal(counted?.requestsToday, 1);
    assert.equal(counted?.openRuns, 0);

    const models = await h.client.listModels();
    assert.ok(models.length > 0 && models.every((model) => typeof model.id === 'string' && typeof model.displayName === 'string'));

    const events: ChatEvent[] = [];
    await h.client.chat({ model: 'sonnet', messages: [{ role: 'user', content: 'a test chat' }] }, (event) => events.push(event));
    assert.equal(events[0]?.type, 'model');
    assert.match(events.filter((event) => event.type === 'text').map((event) => event.text).join(''), /a test chat/);
    assert.deepEqual(events.at(-1), { type: 'done' });
    assert.equal((await h.client.status())?.requestsToday, 2);

    const announced = JSON.parse(await readFile(join(configDir, 'gateway.json'), 'utf8')) as { url: string; pid: number };
    assert.equal(announced.url, running.url);
    assert.equal(announced.pid, h.children[0]?.process.pid);

    await h.supervisor.stop();
    assert.equal(h.supervisor.snapshot().state, 'stopped');
    assert.notEqual(h.children[0]?.process.exitCode, null, 'the engine process exited');
    assert.equal(h.children.length, 1, 'a requested stop is not restarted');
    assert.ok(!(await readdir(configDir)).includes('gateway.json'), 'the engine removed its announcement');
  });

  test('a rejected token is refreshed through main and the turn succeeds; no token reaches the disk', async () => {
    fake.setScript(async (run) => {
      if (run.headers.authorization === `Bearer ${OLD_TOKEN}`) return run.fail({ code: 'unauthenticated', message: 'token expired' });
      return demoScript(run);
    });
    const h = harness(fake, configDir, OLD_TOKEN);
    h.supervisor.start();
    const { url } = await h.untilState('running');
    const { status, body } = await postMessage(url!, 'after a refresh');
    assert.equal(status, 200, JSON.stringify(body));
    assert.match(textOf(body), /after a refresh/);
    assert.equal(h.refreshes, 1);
    assert.deepEqual(
      fake.runs.slice(-2).map((run) => run.headers.authorization),
      [`Bearer ${OLD_TOKEN}`, `Bearer ${NEW_TOKEN}`],
    );
    // Scanned once the engine has stopped: while it runs, its atomic writes come and go as temp files.
    await h.supervisor.stop();
    for (const entry of await readdir(configDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const name = join(entry.parentPath, entry.name);
      const text = await readFile(name, 'utf8');
      assert.ok(!text.includes(OLD_TOKEN) && !text.includes(NEW_TOKEN), `${name} holds no Cursor token`);
    }
  });

  test('a crashed engine is restarted and serves again; a chat in flight ends with an error', async () => {
    fake.setScript(async (run) => {
      run.text('thinking slowly');
      await run.sleep(60_000);
    });
    const h = harness(fake, configDir, NEW_TOKEN);
    h.supervisor.start();
    const first = await h.untilState('running');
    const events: ChatEvent[] = [];
    const chat = h.client.chat({ model: 'sonnet', messages: [{ role: 'user', content: 'hi' }] }, (event) => {
      events.push(event);
      // The first text proves the turn is in flight: now the engine dies.
      if (event.type === 'text') h.children[0]?.kill();
    });
    const crashed = await h.untilState('error');
    assert.match(crashed.error ?? '', /stopped unexpectedly/);
    await chat;
    assert.deepEqual(events.at(-1), { type: 'error', message: 'The gateway stopped while answering.' });

    fake.setScript(demoScript);
    const again = await h.untilState('running');
    assert.equal(h.children.length, 2);
    assert.notEqual(h.children[1]?.process.pid, h.children[0]?.process.pid);
    const { status } = await postMessage(again.url!, 'served again');
    assert.equal(status, 200);
    assert.ok(first.url);
    await h.supervisor.stop();
  });

  test('a taken port is reported in words and retried', async () => {
    const h1 = harness(fake, configDir, NEW_TOKEN);
    h1.supervisor.start();
    const { url } = await h1.untilState('running');
    const port = Number(new URL(url!).port);

    const children: ForkedEngine[] = [];
    const h2 = new EngineSupervisor({
      fork: () => {
        const child = forkEngine({ ...process.env, THALAMUS_CURSOR_BASE_URL: fake.url, THALAMUS_API_KEY: CLIENT_KEY });
        children.push(child);
        return child;
      },
      startPayload: async () => ({ config: { host: '127.0.0.1', port, demo: false, configDir }, token: NEW_TOKEN }),
      refreshToken: async () => null,
      backoff: { initialMs: 60_000, maxMs: 60_000, healthyAfterMs: 60_000 },
    });
    const failed = new Promise<SupervisorSnapshot>((resolve) => h2.onChange((snapshot) => snapshot.state === 'error' && resolve(snapshot)));
    h2.start();
    const snapshot = await failed;
    assert.equal(snapshot.error, `Port ${port} is already in use by another program. Choose another port in Settings.`);
    assert.ok(snapshot.retryAt !== undefined);
    await h2.stop();
    assert.equal(h2.snapshot().state, 'stopped');
    assert.equal(children.length, 1, 'stop cancels the pending retry');
    await h1.supervisor.stop();
  });
});
