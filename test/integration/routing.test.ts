// How the API's router matches (http/api-routes.ts): paths as clients really send them, the key
// before the body, and a 404 in the caller's shape for anything else.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLIENT_KEY, startGateway, type Gateway } from '../helpers/gateway.js';
import { httpRaw } from '../helpers/http.js';

let gateway: Gateway;
before(async () => {
  gateway = await startGateway();
  gateway.fake.setScript(async (run) => {
    run.text('ok');
    run.turnEnded();
  });
});
after(() => gateway.close());

const MESSAGE = JSON.stringify({ model: 'sonnet', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
const ANTHROPIC = { 'content-type': 'application/json', 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01' };

function call(method: string, path: string, body?: string, headers: Record<string, string> = ANTHROPIC) {
  return httpRaw(gateway.url, { method, path, headers, body });
}

describe('routing', () => {
  it('a base URL ending in a slash, a trailing slash and another case still reach the turn route', async () => {
    for (const path of ['//v1/messages', '/v1/messages/', '/V1/Messages', '/v1/messages?beta=true']) {
      const response = await call('POST', path, MESSAGE);
      assert.equal(response.status, 200, `${path}: ${response.body}`);
      assert.equal(JSON.parse(response.body).content[0].text, 'ok', path);
    }
  });

  it('anything else is a 404 naming the method and path, in the shape of the API it is under', async () => {
    const unknown = await call('POST', '/v1/nope', MESSAGE);
    assert.equal(unknown.status, 404);
    assert.deepEqual(JSON.parse(unknown.body).error, { type: 'not_found_error', message: 'no route for POST /v1/nope' });
    const wrongMethod = await call('GET', '/v1/messages');
    assert.equal(wrongMethod.status, 404);
    assert.equal(JSON.parse(wrongMethod.body).error.message, 'no route for GET /v1/messages');
    const underOpenAi = await call('POST', '/v1/chat/completions/extra', MESSAGE, { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}` });
    assert.equal(underOpenAi.status, 404);
    assert.equal(JSON.parse(underOpenAi.body).error.code, 'not_found');
    assert.match(unknown.headers['request-id'] as string, /^req_/);
  });

  it('checks the key before reading the body, and the route before the body', async () => {
    const noKey = await call('POST', '/v1/messages', '{ not json', { 'content-type': 'application/json' });
    assert.equal(noKey.status, 401);
    const unknownWithJunk = await call('POST', '/v1/nope', '{ not json');
    assert.equal(unknownWithJunk.status, 404);
    const junk = await call('POST', '/v1/messages', '{ not json');
    assert.equal(junk.status, 400);
    assert.match(JSON.parse(junk.body).error.message, /^malformed JSON body/);
  });

  it('/health answers without a key; /v1/models only with one, query string and all', async () => {
    const health = await call('GET', '/health', undefined, {});
    assert.equal(health.status, 200);
    assert.equal(JSON.parse(health.body).status, 'ok');
    assert.equal((await call('GET', '/v1/models?limit=5', undefined, {})).status, 401);
    const models = await call('GET', '/v1/models?limit=5');
    assert.equal(models.status, 200);
    assert.ok(JSON.parse(models.body).data.length > 0);
  });
});
