// Renewing tokens against the fake: proactive renewal near expiry, the endpoint order, API-key
// re-exchange, refusal → needs-login, an unreachable Cursor, logout, another process's login.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { startFakeCursor, type FakeCursor } from '../../src/fake-cursor/index.js';
import { ACCOUNT_SETTINGS_FILE } from '../../src/proxy/auth/account-settings.js';
import type { AccountStatus } from '../../src/proxy/auth/auth-service.js';
import type { CursorAuthService } from '../../src/proxy/auth/cursor-auth-service.js';
import { PLAIN_SECRETS_FILE } from '../../src/proxy/auth/file-secret-store.js';
import { UpstreamError } from '../../src/proxy/events.js';
import { FastClock, authOnFake, browserLoginOnFake, removeDir, renewalCalls, tempConfigDir } from '../helpers/auth.js';

let fake: FakeCursor;
let dir: string;
let auth: CursorAuthService;
let clock: FastClock;

beforeEach(async () => {
  fake = await startFakeCursor();
  dir = await tempConfigDir();
  clock = new FastClock();
  auth = await authOnFake(fake, dir, { clock });
});
afterEach(async () => {
  await auth.close();
  await fake.close();
  await removeDir(dir);
});

const storedSecrets = async () => JSON.parse(await readFile(join(dir, PLAIN_SECRETS_FILE), 'utf8')) as Record<string, string>;

describe('renewing a browser login', () => {
  it('renews when the token expires within 5 minutes: exchange_user_api_key with the refresh token first, keeping the refresh token', async () => {
    const issued = await browserLoginOnFake(fake, auth, { ttlSeconds: 60 });
    const fresh = await auth.getAccessToken();
    assert.notEqual(fresh, issued.accessToken);
    assert.deepEqual(renewalCalls(fake), [{ path: '/auth/exchange_user_api_key', status: 200, credential: 'refresh-token' }]);
    assert.deepEqual(await storedSecrets(), { 'cursor-access-token': fresh, 'cursor-refresh-token': issued.refreshToken });
    assert.equal(await auth.getAccessToken(), fresh, 'a fresh token is not renewed again');
    assert.equal(renewalCalls(fake).length, 1);

    clock.advance(3600_000 - 4 * 60_000);
    const again = await auth.getAccessToken();
    assert.notEqual(again, fresh);
    assert.equal(renewalCalls(fake).length, 2);
    assert.equal(auth.account().expiresAt?.toISOString(), JSON.parse(await readFile(join(dir, ACCOUNT_SETTINGS_FILE), 'utf8')).expiresAt);
  });

  it('falls back to /auth/refresh and adopts a new refresh token when one comes back', async () => {
    await browserLoginOnFake(fake, auth, { ttlSeconds: 60 });
    fake.auth.setEndpointStatus('/auth/exchange_user_api_key', 404);
    fake.auth.refreshReturnsRefreshToken = true;
    const fresh = await auth.getAccessToken();
    assert.deepEqual(
      renewalCalls(fake).map((call) => `${call.path} ${call.status}`),
      ['/auth/exchange_user_api_key 404', '/auth/refresh 200'],
    );
    const secrets = await storedSecrets();
    assert.equal(secrets['cursor-access-token'], fresh);
    assert.equal(renewalCalls(fake).at(-1)?.credential, 'refresh-token');
    assert.notEqual(secrets['cursor-refresh-token'], undefined);
  });

  it('an API-key login renews by exchanging the key again', async () => {
    fake.auth.addApiKey('key_live_1');
    fake.auth.tokenTtlSeconds = 60;
    await auth.loginWithApiKey('key_live_1');
    fake.auth.tokenTtlSeconds = 3600;
    await auth.getAccessToken();
    assert.deepEqual(
      renewalCalls(fake).map((call) => call.credential),
      ['api-key', 'api-key'],
    );
  });

  it('a refused renewal leaves a visible needs-login state; later calls fail fast without calling Cursor', async () => {
    const issued = await browserLoginOnFake(fake, auth, { ttlSeconds: 60 });
    fake.auth.revoke(issued.refreshToken);
    const changes: AccountStatus[] = [];
    auth.onChange((status) => changes.push(status));

    await assert.rejects(auth.getAccessToken(), (error: UpstreamError) => {
      assert.equal(error.kind, 'unauthenticated');
      assert.match(error.message, /^Log in again: Cursor refused to renew the login/);
      return true;
    });
    assert.deepEqual([auth.account().needsLogin, auth.account().loggedIn], [true, false]);
    assert.equal(changes.at(-1)?.needsLogin, true);
    assert.equal(JSON.parse(await readFile(join(dir, ACCOUNT_SETTINGS_FILE), 'utf8')).needsLogin, true);

    const callsAfterFailure = renewalCalls(fake).length;
    await assert.rejects(auth.getAccessToken(), /Log in again/);
    assert.equal(await auth.refreshAfterUnauthenticated(), false);
    assert.equal(renewalCalls(fake).length, callsAfterFailure, 'no loop: nothing more is sent to Cursor');

    // Logging in again clears it.
    await browserLoginOnFake(fake, auth);
    assert.deepEqual([auth.account().needsLogin, auth.account().loggedIn], [false, true]);
  });

  it('an unreachable Cursor is not a needs-login: the still-valid token is used, and an expired one fails as retryable', async () => {
    const issued = await browserLoginOnFake(fake, auth, { ttlSeconds: 120 });
    fake.auth.setEndpointStatus('/auth/exchange_user_api_key', 503);
    fake.auth.setEndpointStatus('/auth/refresh', 503);
    assert.equal(await auth.getAccessToken(), issued.accessToken);
    assert.equal(renewalCalls(fake).length, 2);
    assert.equal(await auth.getAccessToken(), issued.accessToken);
    assert.equal(renewalCalls(fake).length, 2, 'no new attempt within 30 s');
    assert.equal(auth.account().needsLogin, false);

    clock.advance(121_000);
    await assert.rejects(auth.getAccessToken(), { name: 'UpstreamError', kind: 'overloaded', message: /Could not renew the Cursor login/ });
    assert.equal(auth.account().needsLogin, false);
    fake.auth.setEndpointStatus('/auth/exchange_user_api_key', undefined);
    assert.notEqual(await auth.getAccessToken(), issued.accessToken);
  });
});

describe('renewing after Cursor said unauthenticated', () => {
  it('concurrent callers share one renewal; a caller right after it does not start another', async () => {
    await browserLoginOnFake(fake, auth);
    await auth.getAccessToken();
    const release = fake.auth.hold();
    const results = Promise.all(Array.from({ length: 5 }, () => auth.refreshAfterUnauthenticated()));
    release();
    assert.deepEqual(await results, [true, true, true, true, true]);
    assert.equal(await auth.refreshAfterUnauthenticated(), true);
    assert.equal(renewalCalls(fake).length, 1);
    clock.advance(60_000);
    assert.equal(await auth.refreshAfterUnauthenticated(), true);
    assert.equal(renewalCalls(fake).length, 2);
  });

  it('a token from the environment is never renewed', async () => {
    const env = fake.auth.issueTokens({ email: 'env@example.com' }).accessToken;
    const service = await authOnFake(fake, dir, { envToken: env });
    try {
      assert.equal(await service.getAccessToken(), env);
      assert.equal(await service.refreshAfterUnauthenticated(), false);
      assert.deepEqual([service.account().storage, service.account().email], ['env', 'env@example.com']);
    } finally {
      await service.close();
    }
  });
});

describe('logout and other processes', () => {
  it('logout erases the tokens and the settings entry', async () => {
    await browserLoginOnFake(fake, auth);
    await auth.logout();
    assert.deepEqual(await readdir(dir), []);
    assert.equal(auth.account().loggedIn, false);
    await assert.rejects(auth.getAccessToken(), /Not logged in to Cursor/);
  });

  it('a login made by another process (thalamus login) is picked up, and an old renewal never overwrites it', async () => {
    const gateway = await authOnFake(fake, dir, { clock });
    try {
      await assert.rejects(gateway.getAccessToken(), /Not logged in/);
      const issued = await browserLoginOnFake(fake, auth, { email: 'cli@example.com' });
      assert.equal(await gateway.getAccessToken(), issued.accessToken);
      assert.equal(gateway.account().email, 'cli@example.com');

      // The CLI logs in as someone else; the gateway's next renewal must load that login instead.
      const second = await browserLoginOnFake(fake, auth, { email: 'second@example.com' });
      assert.equal(await gateway.refreshAfterUnauthenticated(), true);
      assert.equal(await gateway.getAccessToken(), second.accessToken);
      assert.equal((await storedSecrets())['cursor-access-token'], second.accessToken);
    } finally {
      await gateway.close();
    }
  });
});
