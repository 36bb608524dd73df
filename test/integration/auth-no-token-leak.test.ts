// No token, API key or PKCE verifier in any log line or error message: every login, renewal
// and failure path runs with an unredacted capturing logger, and every credential that crossed
// the wire is searched for in everything the module said.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { startFakeCursor, type FakeCursor } from '../../src/fake-cursor/index.js';
import { routeDeepLink } from '../../src/main/deep-link.js';
import { http2AuthHttp, type AuthHttp } from '../../src/proxy/auth/auth-http.js';
import type { CursorAuthService } from '../../src/proxy/auth/cursor-auth-service.js';
import { cursorAgentFileSource } from '../../src/proxy/auth/login-import.js';
import { Http2Transport } from '../../src/proxy/cursor/transport.js';
import { FastClock, authOnFake, browserLoginOnFake, capturingLogger, removeDir, tempConfigDir } from '../helpers/auth.js';

let fake: FakeCursor;
let dir: string;
const transport = new Http2Transport();

before(async () => {
  fake = await startFakeCursor();
  dir = await tempConfigDir();
});
after(async () => {
  await transport.close();
  await fake.close();
  await removeDir(dir);
});

it('no credential appears in any log line or thrown message', async () => {
  const secrets = new Set<string>();
  const inner = http2AuthHttp(transport);
  // Records every credential sent (bearer, verifier) and received (tokens).
  const http: AuthHttp = async (request) => {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) secrets.add(bearer);
    const verifier = request.url.searchParams.get('verifier');
    if (verifier) secrets.add(verifier);
    const response = await inner(request);
    try {
      const body = JSON.parse(response.body) as Record<string, unknown>;
      for (const key of ['accessToken', 'refreshToken']) if (typeof body[key] === 'string') secrets.add(body[key] as string);
    } catch {
      // not JSON: nothing to collect
    }
    return response;
  };
  const { logger, lines } = capturingLogger();
  const clock = new FastClock();
  const messages: string[] = [];
  const expectFailure = async (work: Promise<unknown>) => {
    await assert.rejects(work, (error: Error) => {
      messages.push(error.message);
      return true;
    });
  };
  const agentFile = join(dir, 'agent', 'auth.json');
  const auth: CursorAuthService = await authOnFake(fake, dir, { clock, http, logger, importSources: [cursorAgentFileSource(agentFile)] });
  try {
    // Browser login: polls fail, then succeed; a failed login; a deep link for another login.
    fake.auth.failNextPolls(2, 500);
    const tokens = await browserLoginOnFake(fake, auth, { ttlSeconds: 60 });
    fake.auth.failNextPolls(3, 503);
    await expectFailure(auth.startBrowserLogin({ openBrowser: () => {} }).done);
    routeDeepLink(`thalamus://login/callback?uuid=${crypto.randomUUID()}`, auth, logger);
    routeDeepLink(`thalamus://login/callback?uuid=${tokens.accessToken}`, auth, logger);

    // Renewal, transient failure, refusal → needs login.
    await auth.getAccessToken();
    clock.advance(3600_000);
    fake.auth.setEndpointStatus('/auth/exchange_user_api_key', 500);
    fake.auth.setEndpointStatus('/auth/refresh', 500);
    await expectFailure(auth.getAccessToken());
    fake.auth.setEndpointStatus('/auth/exchange_user_api_key', undefined);
    fake.auth.setEndpointStatus('/auth/refresh', undefined);
    fake.auth.revoke(tokens.refreshToken);
    clock.advance(60_000);
    await expectFailure(auth.getAccessToken());
    await expectFailure(auth.getAccessToken());

    // API keys: refused and accepted; a pasted expired token; an import that finds an expired login.
    secrets.add('key_wrong_secret');
    await expectFailure(auth.loginWithApiKey('key_wrong_secret'));
    fake.auth.addApiKey('key_right_secret');
    await auth.loginWithApiKey('key_right_secret');
    const expired = fake.auth.issueTokens({ ttlSeconds: -5 });
    secrets.add(expired.accessToken);
    await expectFailure(auth.loginWithToken(expired.accessToken));
    await mkdir(join(dir, 'agent'));
    await writeFile(agentFile, JSON.stringify({ accessToken: expired.accessToken }));
    await expectFailure(auth.importExisting());
    await auth.logout();
    await expectFailure(auth.getAccessToken());
  } finally {
    await auth.close();
  }

  assert.ok(secrets.size >= 8, `collected ${secrets.size} credentials`);
  assert.ok(lines.length >= 10 && messages.length >= 8);
  for (const text of [...lines, ...messages]) {
    for (const secret of secrets) assert.ok(!text.includes(secret), `a credential leaked into: ${text}`);
    // Nothing token-shaped either (the JWT header every token here starts with).
    assert.doesNotMatch(text, /eyJ[\w-]{10,}/);
  }
});
