// Logging in against the fake Cursor over real HTTP/2: the browser login's poll loop (with a
// clock that never waits), API keys and pasted tokens.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { startFakeCursor, type FakeCursor } from '../../src/fake-cursor/index.js';
import { routeDeepLink } from '../../src/main/deep-link.js';
import { ACCOUNT_SETTINGS_FILE } from '../../src/proxy/auth/account-settings.js';
import { LoginError } from '../../src/proxy/auth/browser-login.js';
import type { Clock } from '../../src/proxy/auth/clock.js';
import type { CursorAuthService } from '../../src/proxy/auth/cursor-auth-service.js';
import { PLAIN_SECRETS_FILE } from '../../src/proxy/auth/file-secret-store.js';
import { decodeJwtClaims } from '../../src/proxy/cursor/jwt.js';
import { silentLogger } from '../../src/proxy/log/logger.js';
import { FastClock, authOnFake, removeDir, tempConfigDir } from '../helpers/auth.js';

let fake: FakeCursor;
let dir: string;
let auth: CursorAuthService;
let clock: FastClock;

before(async () => (fake = await startFakeCursor()));
after(() => fake.close());
beforeEach(async () => {
  dir = await tempConfigDir();
  clock = new FastClock();
  auth = await authOnFake(fake, dir, { clock, openBrowser: (url) => fake.auth.visitLoginPage(url) });
});
afterEach(async () => {
  await auth.close();
  await removeDir(dir);
});

describe('browser login against the fake', () => {
  it('stays pending for several polls, then succeeds; tokens go to the store, never to the settings', async () => {
    let uuid = '';
    let issued = { accessToken: '', refreshToken: '' };
    clock.onSleep = (count) => {
      if (count === 4) issued = fake.auth.approve(uuid, { email: 'ada@example.com' });
    };
    const login = auth.startBrowserLogin();
    uuid = new URL(login.url).searchParams.get('uuid') ?? '';
    const account = await login.done;

    assert.equal(fake.auth.pollCount(uuid), 4);
    assert.deepEqual(clock.sleeps, [1000, 1200, 1440, 1728]);
    assert.equal(account.loggedIn, true);
    assert.equal(account.email, 'ada@example.com');
    assert.equal(account.method, 'browser');
    assert.equal(account.storage, 'file');
    assert.equal(account.expiresAt?.getTime(), (decodeJwtClaims(issued.accessToken)?.exp ?? 0) * 1000);
    assert.equal(await auth.getAccessToken(), issued.accessToken);

    const settings = await readFile(join(dir, ACCOUNT_SETTINGS_FILE), 'utf8');
    assert.ok(!settings.includes(issued.accessToken) && !settings.includes(issued.refreshToken));
    assert.deepEqual(JSON.parse(settings).method, 'browser');
    const secrets = JSON.parse(await readFile(join(dir, PLAIN_SECRETS_FILE), 'utf8'));
    assert.deepEqual(secrets, { 'cursor-access-token': issued.accessToken, 'cursor-refresh-token': issued.refreshToken });
  });

  it('is cancelled between polls', async () => {
    const login = auth.startBrowserLogin();
    clock.onSleep = (count) => {
      if (count === 3) login.cancel();
    };
    await assert.rejects(login.done, (error: LoginError) => error instanceof LoginError && error.reason === 'cancelled');
    assert.equal(fake.auth.pollCount(new URL(login.url).searchParams.get('uuid') ?? ''), 2);
    assert.equal(auth.account().loggedIn, false);
  });

  it('gives up after 3 errors in a row', async () => {
    fake.auth.failNextPolls(3, 502);
    const login = auth.startBrowserLogin();
    await assert.rejects(login.done, (error: LoginError) => {
      assert.equal(error.reason, 'failed');
      assert.match(error.message, /failed 3 times in a row \(\/auth\/poll answered HTTP 502\)/);
      return true;
    });
    assert.equal(fake.auth.pollCount(new URL(login.url).searchParams.get('uuid') ?? ''), 3);
    assert.equal(auth.account().loggedIn, false);
  });

  it('is refused when the verifier does not match the challenge the browser saw', async () => {
    const login = auth.startBrowserLogin({
      openBrowser: (url) => {
        const tampered = new URL(url);
        tampered.searchParams.set('challenge', 'not-the-challenge');
        const { uuid } = fake.auth.visitLoginPage(tampered.toString());
        fake.auth.approve(uuid);
      },
    });
    await assert.rejects(login.done, /answered HTTP 403/);
  });

  it('a new login cancels the one in progress', async () => {
    const first = auth.startBrowserLogin();
    const second = auth.startBrowserLogin({
      openBrowser: (url) => fake.auth.approve(fake.auth.visitLoginPage(url).uuid),
    });
    await assert.rejects(first.done, (error: LoginError) => error.reason === 'cancelled');
    assert.equal((await second.done).loggedIn, true);
  });

  it('the deep-link callback polls at once, without waiting out the schedule', { timeout: 10_000 }, async () => {
    // A clock whose sleeps end only when aborted: only pollNow can move this login on.
    const stuck: Clock = { now: Date.now, sleep: (_ms, signal) => new Promise((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true })) };
    const service = await authOnFake(fake, dir, { clock: stuck });
    try {
      const login = service.startBrowserLogin();
      const uuid = new URL(login.url).searchParams.get('uuid') ?? '';
      fake.auth.approve(uuid);
      service.pollNow('3b241101-e2bb-4255-8caf-4136c566a962');
      assert.equal(routeDeepLink(`thalamus://login/callback?uuid=${uuid}`, service, silentLogger).type, 'login-callback');
      assert.equal((await login.done).loggedIn, true);
      assert.equal(fake.auth.pollCount(uuid), 1);
    } finally {
      await service.close();
    }
  });
});

describe('API-key and token logins against the fake', () => {
  it('exchanges an API key for tokens (reference §6.2)', async () => {
    fake.auth.addApiKey('key_live_123', { email: 'grace@example.com' });
    const account = await auth.loginWithApiKey('key_live_123');
    assert.deepEqual([account.loggedIn, account.method, account.email], [true, 'api-key', 'grace@example.com']);
    const call = fake.auth.calls.at(-1);
    assert.deepEqual(call, { path: '/auth/exchange_user_api_key', status: 200, credential: 'api-key' });
    assert.equal(decodeJwtClaims(await auth.getAccessToken())?.email, 'grace@example.com');
  });

  it('says so when Cursor refuses the API key, and stays logged out', async () => {
    await assert.rejects(auth.loginWithApiKey('key_wrong'), /Cursor did not accept the API key \(\/auth\/exchange_user_api_key answered HTTP 401\)/);
    assert.equal(auth.account().loggedIn, false);
    await assert.rejects(auth.getAccessToken(), { name: 'UpstreamError', kind: 'unauthenticated', message: /Not logged in to Cursor/ });
  });

  it('takes a pasted token (prefix stripped) and refuses an expired one', async () => {
    const { accessToken } = fake.auth.issueTokens({ email: 'tok@example.com' });
    const account = await auth.loginWithToken(`user_01ABC::${accessToken}`);
    assert.deepEqual([account.method, account.email], ['token', 'tok@example.com']);
    assert.equal(await auth.getAccessToken(), accessToken);
    const expired = fake.auth.issueTokens({ ttlSeconds: -10 }).accessToken;
    await assert.rejects(auth.loginWithToken(expired), /already expired/);
  });
});
