import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EnvTokenProvider } from '../../src/proxy/cursor/env-token-provider.js';
import { decodeJwtClaims, stripTokenPrefix } from '../../src/proxy/cursor/jwt.js';
import { UpstreamError } from '../../src/proxy/events.js';

const jwt = (payload: object) =>
  `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;

describe('jwt', () => {
  const token = jwt({ exp: 1_900_000_000, email: 'a@b.c', sub: 'auth0|user_1' });

  it('reads exp and email from the payload without checking the signature', () => {
    assert.deepEqual(decodeJwtClaims(token), { exp: 1_900_000_000, email: 'a@b.c', sub: 'auth0|user_1' });
  });

  it('strips a `user_…::` or URL-encoded prefix', () => {
    assert.equal(stripTokenPrefix(`user_01ABC::${token}`), token);
    assert.equal(stripTokenPrefix(`user_01ABC%3A%3A${token}`), token);
    assert.equal(stripTokenPrefix(`  ${token}\n`), token);
    assert.equal(decodeJwtClaims(`anything::${token}`)?.email, 'a@b.c');
  });

  it('returns undefined for something that is not a JWT', () => {
    assert.equal(decodeJwtClaims('not-a-jwt'), undefined);
    assert.equal(decodeJwtClaims('a.!!!.c'), undefined);
  });

  it('ignores claims of the wrong type', () => {
    assert.deepEqual(decodeJwtClaims(jwt({ exp: '1', email: 3 })), { exp: undefined, email: undefined, sub: undefined });
  });
});

describe('EnvTokenProvider', () => {
  it('serves the bare JWT from THALAMUS_CURSOR_TOKEN and reports its status', async () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const token = jwt({ exp, email: 'me@x.y' });
    const provider = new EnvTokenProvider({ THALAMUS_CURSOR_TOKEN: `user_9::${token}` });
    assert.equal(await provider.getAccessToken(), token);
    assert.deepEqual(provider.status(), { loggedIn: true, needsLogin: false, expiresAt: new Date(exp * 1000), email: 'me@x.y' });
    assert.equal(await provider.refreshAfterUnauthenticated(), false);
  });

  it('reports an expired token as logged out and needing a new login, and does not send it', async () => {
    const provider = new EnvTokenProvider({ THALAMUS_CURSOR_TOKEN: jwt({ exp: 1000 }) });
    assert.equal(provider.status().loggedIn, false);
    assert.equal(provider.status().needsLogin, true);
    await assert.rejects(provider.getAccessToken(), (err: unknown) => err instanceof UpstreamError && err.kind === 'unauthenticated' && /log in again/.test(err.message));
  });

  it('rejects with unauthenticated when no token is set, without echoing anything secret', async () => {
    const provider = new EnvTokenProvider({});
    assert.deepEqual(provider.status(), { loggedIn: false, needsLogin: false });
    await assert.rejects(provider.getAccessToken(), (err: unknown) => err instanceof UpstreamError && err.kind === 'unauthenticated');
  });
});
