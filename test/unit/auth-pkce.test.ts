import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { challengeOf, createLoginChallenge, isUuidV4, loginPageUrl } from '../../src/proxy/auth/pkce.js';

describe('browser login challenge (reference §6.1)', () => {
  it('derives the challenge as base64url SHA-256 of the verifier (RFC 7636 appendix B vector)', () => {
    assert.equal(challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a verifier of 32 random bytes in base64url without padding, and a v4 uuid', () => {
    const bytes = Buffer.alloc(32, 0xfb);
    const challenge = createLoginChallenge(() => bytes);
    assert.equal(challenge.verifier, bytes.toString('base64url'));
    assert.equal(challenge.verifier.length, 43);
    assert.match(challenge.verifier, /^[A-Za-z0-9_-]+$/);
    assert.equal(challenge.challenge, challengeOf(challenge.verifier));
    assert.ok(isUuidV4(challenge.uuid));
    assert.notEqual(createLoginChallenge().verifier, createLoginChallenge().verifier);
  });

  it('builds the loginDeepControl URL on the configured login host, without the verifier', () => {
    const url = new URL(loginPageUrl('https://cursor.example', { challenge: 'abc-_', uuid: '3b241101-e2bb-4255-8caf-4136c566a962' }));
    assert.equal(url.origin + url.pathname, 'https://cursor.example/loginDeepControl');
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      challenge: 'abc-_',
      uuid: '3b241101-e2bb-4255-8caf-4136c566a962',
      mode: 'login',
      redirectTarget: 'cli',
    });
  });

  it('accepts only v4 uuids', () => {
    assert.ok(isUuidV4('3B241101-E2BB-4255-8CAF-4136C566A962'));
    assert.ok(!isUuidV4('3b241101-e2bb-1255-8caf-4136c566a962'));
    assert.ok(!isUuidV4('3b241101-e2bb-4255-8caf-4136c566a962/../x'));
    assert.ok(!isUuidV4(''));
  });
});
