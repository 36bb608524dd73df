// The login module under the real gateway and engine, against the fake Cursor: one renewal for
// 20 concurrent requests, a refused renewal as a 401 that says to log in again, and a token
// Cursor rejects mid-life renewed once and retried.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { startFakeCursor, type FakeCursor } from '../../src/fake-cursor/index.js';
import type { TokenProvider } from '../../src/proxy/auth/token-provider.js';
import type { CursorAuthService } from '../../src/proxy/auth/cursor-auth-service.js';
import { startGateway, type RunningGateway } from '../../src/proxy/app/gateway.js';
import { silentLogger } from '../../src/proxy/log/logger.js';
import { ShiftedClock, authOnFake, browserLoginOnFake, removeDir, renewalCalls, tempConfigDir } from '../helpers/auth.js';

let fake: FakeCursor;
let dir: string;
let clock: ShiftedClock;
let auth: CursorAuthService;
let gateway: RunningGateway | undefined;

beforeEach(async () => {
  fake = await startFakeCursor();
  dir = await tempConfigDir();
  clock = new ShiftedClock();
  auth = await authOnFake(fake, dir, { clock });
});
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  await auth.close();
  await fake.close();
  await removeDir(dir);
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { THALAMUS_CURSOR_BASE_URL: fake.url, THALAMUS_CONFIG_DIR: dir, THALAMUS_KEYCHAIN: 'off', ...extra };
}

async function start(tokenProvider?: TokenProvider): Promise<RunningGateway> {
  gateway = await startGateway({ port: 0, env: env(), logger: silentLogger, tokenProvider, announce: false });
  return gateway;
}

interface MessagesBody {
  content?: Array<{ text?: string }>;
  error?: { type: string; message: string };
}

async function health(running: RunningGateway): Promise<{ loggedIn: boolean; needsLogin: boolean }> {
  return (await (await fetch(`${running.url}/health`)).json()) as { loggedIn: boolean; needsLogin: boolean };
}

async function ask(running: RunningGateway, text: string): Promise<{ status: number; body: MessagesBody }> {
  const response = await fetch(`${running.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': running.clientKey.key, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'claude-4.5-sonnet', max_tokens: 64, messages: [{ role: 'user', content: text }] }),
  });
  return { status: response.status, body: (await response.json()) as MessagesBody };
}

describe('the login module under the gateway', () => {
  it('a token near expiry: exactly one renewal while 20 requests run concurrently, all succeed', async () => {
    await browserLoginOnFake(fake, auth);
    let entered = 0;
    let allWaiting!: () => void;
    const twentyIn = new Promise<void>((resolve) => (allWaiting = resolve));
    const counting: TokenProvider = {
      getAccessToken: () => {
        if (++entered === 20) allWaiting();
        return auth.getAccessToken();
      },
      refreshAfterUnauthenticated: () => auth.refreshAfterUnauthenticated(),
      status: () => auth.status(),
    };
    const running = await start(counting);
    assert.equal((await ask(running, 'warm up')).status, 200);
    assert.equal(renewalCalls(fake).length, 0);

    // An hour later for the service (the fake still accepts the token): under 5 minutes left.
    clock.offset = 3600_000 - 4 * 60_000;
    fake.auth.tokenTtlSeconds = 24 * 3600;
    entered = 0;
    const release = fake.auth.hold();
    const answers = Promise.all(Array.from({ length: 20 }, (_, i) => ask(running, `request ${i}`)));
    await twentyIn;
    release();
    const results = await answers;
    assert.deepEqual(results.map((result) => result.status), Array(20).fill(200));
    assert.ok(results.every((result, i) => JSON.stringify(result.body.content).includes(`request ${i}`)));
    assert.equal(renewalCalls(fake).length, 1);
    const fresh = await auth.getAccessToken();
    assert.ok(fake.runs.slice(-20).every((run) => run.headers.authorization === `Bearer ${fresh}`));
  });

  it('a refused renewal: 401 authentication_error saying to log in again, and /health shows needsLogin', async () => {
    const issued = await browserLoginOnFake(fake, auth, { ttlSeconds: 60 });
    fake.auth.revoke(issued.refreshToken);
    const running = await start(auth);
    assert.equal(running.demo, false);
    const { status, body } = await ask(running, 'hello');
    assert.equal(status, 401);
    assert.equal(body.error?.type, 'authentication_error');
    assert.match(body.error?.message ?? '', /Log in again/);
    const { loggedIn, needsLogin } = await health(running);
    assert.deepEqual([loggedIn, needsLogin], [false, true]);
    assert.equal(fake.runs.length, 0);
  });

  it('Cursor rejects a token mid-life: one renewal, the run is retried and succeeds', async () => {
    const issued = await browserLoginOnFake(fake, auth);
    const running = await start(auth);
    assert.equal((await ask(running, 'first')).status, 200);
    fake.auth.revoke(issued.accessToken);
    const { status, body } = await ask(running, 'second');
    assert.equal(status, 200);
    assert.match(JSON.stringify(body.content), /second/);
    assert.equal(renewalCalls(fake).length, 1);
    const lastRuns = fake.runs.slice(-2).map((run) => run.headers.authorization);
    assert.equal(lastRuns[0], `Bearer ${issued.accessToken}`);
    assert.equal(lastRuns[1], `Bearer ${await auth.getAccessToken()}`);
  });

  it('startGateway opens the saved login itself, and serves the demo when there is none', async () => {
    const demo = await start();
    assert.equal(demo.demo, true);
    assert.equal((await ask(demo, 'hello demo')).status, 200);
    // The demo backend answers all day: it keeps no record of the runs it served.
    assert.deepEqual([demo.fakeCursor?.runs.length, fake.runs.length], [0, 0]);
    await demo.close();
    gateway = undefined;

    await browserLoginOnFake(fake, auth, { email: 'saved@example.com' });
    const running = await start();
    assert.equal(running.demo, false);
    assert.equal((await ask(running, 'via the saved login')).status, 200);
    const { loggedIn, needsLogin } = await health(running);
    assert.deepEqual([loggedIn, needsLogin], [true, false]);
    assert.equal(fake.runs.at(-1)?.headers.authorization, `Bearer ${await auth.getAccessToken()}`);
  });
});

describe('no silent demo', () => {
  const jwt = (exp: number) =>
    ['{"alg":"none"}', JSON.stringify({ sub: 'u', email: 'env@example.com', exp })].map((part) => Buffer.from(part).toString('base64url')).join('.') + '.sig';

  async function startWithToken(token: string): Promise<RunningGateway> {
    gateway = await startGateway({ port: 0, env: env({ THALAMUS_CURSOR_TOKEN: token }), logger: silentLogger, announce: false });
    return gateway;
  }

  it('an expired THALAMUS_CURSOR_TOKEN is Cursor, not the demo: 401 "log in again" in both shapes, needsLogin in /health', async () => {
    const running = await startWithToken(jwt(Math.floor(Date.now() / 1000) - 60));
    assert.equal(running.demo, false);
    const anthropic = await ask(running, 'hello');
    assert.equal(anthropic.status, 401);
    assert.equal(anthropic.body.error?.type, 'authentication_error');
    assert.match(anthropic.body.error?.message ?? '', /expired[\s\S]*log in again/);
    const openai = await fetch(`${running.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${running.clientKey.key}` },
      body: JSON.stringify({ model: 'gpt-5', messages: [{ role: 'user', content: 'hello' }] }),
    });
    assert.equal(openai.status, 401);
    assert.match(((await openai.json()) as { error: { message: string } }).error.message, /log in again/);
    assert.equal((await health(running)).needsLogin, true);
    assert.equal(fake.runs.length, 0, 'nothing was answered from anywhere');
  });

  it('a token Cursor refuses gives 401 "log in again"', async () => {
    const token = jwt(Math.floor(Date.now() / 1000) + 3600);
    fake.auth.revoke(token);
    const running = await startWithToken(token);
    assert.equal(running.demo, false);
    const answer = await ask(running, 'hello');
    assert.equal(answer.status, 401);
    assert.match(answer.body.error?.message ?? '', /log in again/);
  });
});
