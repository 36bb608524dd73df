import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { RelayedTokenProvider } from '../../src/main/relayed-token-provider.js';
import { UpstreamError } from '../../src/proxy/events.js';

function jwt(claims: Record<string, unknown>): string {
  return ['{"alg":"none"}', JSON.stringify(claims)].map((part) => Buffer.from(part).toString('base64url')).concat('sig').join('.');
}

test('hands out the relayed token, without the cookie prefix', async () => {
  const provider = new RelayedTokenProvider('user_abc::the-token', { requestRefresh: () => {} });
  assert.equal(await provider.getAccessToken(), 'the-token');
});

test('without a token, turns fail as unauthenticated', async () => {
  const provider = new RelayedTokenProvider(null, { requestRefresh: () => {} });
  await assert.rejects(provider.getAccessToken(), (error: unknown) => error instanceof UpstreamError && error.kind === 'unauthenticated');
  assert.deepEqual(provider.status(), { loggedIn: false });
});

test('concurrent refreshes ask main once and all see the new token', async () => {
  let asked = 0;
  const provider = new RelayedTokenProvider('old', { requestRefresh: () => (asked += 1) });
  const first = provider.refreshAfterUnauthenticated();
  const second = provider.refreshAfterUnauthenticated();
  assert.equal(asked, 1);
  provider.setToken('new');
  assert.deepEqual(await Promise.all([first, second]), [true, true]);
  assert.equal(await provider.getAccessToken(), 'new');
});

test('a refresh that brings no new token is no refresh', async () => {
  const provider = new RelayedTokenProvider('old', { requestRefresh: () => {} });
  const same = provider.refreshAfterUnauthenticated();
  provider.setToken('old');
  assert.equal(await same, false);
  const none = provider.refreshAfterUnauthenticated();
  provider.setToken(null);
  assert.equal(await none, false);
  await assert.rejects(provider.getAccessToken());
});

test('main not answering in time makes the refresh fail, and the next one asks again', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    let asked = 0;
    const provider = new RelayedTokenProvider('old', { requestRefresh: () => (asked += 1), refreshTimeoutMs: 30_000 });
    const refresh = provider.refreshAfterUnauthenticated();
    mock.timers.tick(30_000);
    assert.equal(await refresh, false);
    void provider.refreshAfterUnauthenticated();
    assert.equal(asked, 2);
  } finally {
    mock.timers.reset();
  }
});

test('status reads email and expiry from the JWT', () => {
  const provider = new RelayedTokenProvider(jwt({ email: 'me@example.com', exp: 4102444800 }), { requestRefresh: () => {} });
  assert.deepEqual(provider.status(), { loggedIn: true, email: 'me@example.com', expiresAt: new Date(4102444800 * 1000) });
});
