// The fake Cursor's auth side (reference §6, §9) over real HTTP/2, spoken to directly.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeCursor, type FakeCursor } from '../../src/fake-cursor/index.js';
import { http2AuthHttp } from '../../src/proxy/auth/auth-http.js';
import { CursorAuthApi } from '../../src/proxy/auth/cursor-auth-api.js';
import { challengeOf } from '../../src/proxy/auth/pkce.js';
import { createEngine } from '../../src/proxy/engine.js';
import type { TurnEvent } from '../../src/proxy/events.js';
import { Http2Transport } from '../../src/proxy/cursor/transport.js';
import { decodeJwtClaims } from '../../src/proxy/cursor/jwt.js';

let fake: FakeCursor;
const transport = new Http2Transport();
let api: CursorAuthApi;

before(async () => {
  fake = await startFakeCursor();
  api = new CursorAuthApi(http2AuthHttp(transport), fake.url);
});
after(async () => {
  await transport.close();
  await fake.close();
});

const UUID = '6f1c2a4e-8b7d-4c3e-9a1f-2b3c4d5e6f70';

async function firstEvent(token: string): Promise<TurnEvent | undefined> {
  const engine = createEngine({
    baseUrl: fake.url,
    tokenProvider: { getAccessToken: async () => token, refreshAfterUnauthenticated: async () => false, status: () => ({ loggedIn: true }) },
  });
  try {
    const turn = engine.runTurn(
      { model: 'm', system: '', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [], loadedDeferredTools: [], toolChoice: { type: 'auto' }, thinking: false },
      { model: { id: 'gpt-5', thinking: false }, signal: new AbortController().signal },
    );
    for await (const event of turn) if (event.type === 'error' || event.type === 'end') return event;
    return undefined;
  } finally {
    await engine.close();
  }
}

describe('fake Cursor auth endpoints', () => {
  it('poll: 404 until approved, then the tokens once, checking the verifier against the challenge', async () => {
    const verifier = 'verifier-0123456789';
    fake.auth.visitLoginPage(`https://cursor.com/loginDeepControl?challenge=${challengeOf(verifier)}&uuid=${UUID}&mode=login&redirectTarget=cli`);
    assert.equal(await api.poll(UUID, verifier), undefined);
    const given = fake.auth.issueTokens({ email: 'given@example.com' });
    fake.auth.approve(UUID, { tokens: given });
    await assert.rejects(api.poll(UUID, 'wrong-verifier'), /HTTP 403/);
    assert.deepEqual(await api.poll(UUID, verifier), given);
    assert.equal(await api.poll(UUID, verifier), undefined);
    assert.equal(fake.auth.pollCount(UUID), 4);
  });

  it('issues JWT-shaped tokens with exp, sub and email; refreshes with a refresh token on both endpoints', async () => {
    const tokens = fake.auth.issueTokens({ email: 'jwt@example.com', ttlSeconds: 600 });
    const claims = decodeJwtClaims(tokens.accessToken);
    assert.equal(claims?.email, 'jwt@example.com');
    assert.match(claims?.sub ?? '', /^auth0\|user_\d+$/);
    assert.ok(Math.abs((claims?.exp ?? 0) - (Date.now() / 1000 + 600)) < 5);
    const viaExchange = await api.exchangeApiKey(tokens.refreshToken);
    assert.equal(viaExchange.refreshToken, undefined);
    const viaRefresh = await api.refresh(tokens.refreshToken);
    assert.notEqual(viaRefresh.accessToken, viaExchange.accessToken);
    await assert.rejects(api.exchangeApiKey('key_nobody'), (error: Error & { rejected?: boolean }) => error.rejected === true);
  });

  it('Run refuses an expired or revoked token with unauthenticated, and accepts any other bearer', async () => {
    const expired = fake.auth.issueTokens({ ttlSeconds: -1 }).accessToken;
    const revoked = fake.auth.issueTokens().accessToken;
    fake.auth.revoke(revoked);
    const refusedExpired = await firstEvent(expired);
    assert.equal(refusedExpired?.type === 'error' && refusedExpired.error.kind, 'unauthenticated');
    assert.match(refusedExpired?.type === 'error' ? refusedExpired.error.message : '', /token expired/);
    const refusedRevoked = await firstEvent(revoked);
    assert.equal(refusedRevoked?.type === 'error' && refusedRevoked.error.kind, 'unauthenticated');
    assert.equal((await firstEvent('opaque-test-token'))?.type, 'end');
    assert.equal((await firstEvent(fake.auth.issueTokens().accessToken))?.type, 'end');
  });
});
