// Bodies a client cannot mean: undecodable encodings, absurd nesting, compressed bombs. Each is
// a 4xx in the caller's shape, and the gateway keeps serving.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { CLIENT_KEY, startGateway, type Gateway } from '../helpers/gateway.js';
import { httpRaw } from '../helpers/http.js';

let gateway: Gateway;
before(async () => {
  gateway = await startGateway();
});
after(() => gateway.close());

const VALID = { model: 'sonnet', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };

function post(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
  return httpRaw(gateway.url, {
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01', ...headers },
    body,
  });
}

/** A schema `depth` JSON levels deep (arrays of arrays of … strings). */
function nestedSchema(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 1; i < depth; i++) schema = { type: 'array', items: schema };
  return schema;
}

describe('request hardening', () => {
  it('a gzip body that is not gzip is a 400 naming the encoding, in each API shape', async () => {
    const anthropic = await post('/v1/messages', JSON.stringify(VALID), { 'content-encoding': 'gzip' });
    assert.equal(anthropic.status, 400);
    assert.equal(JSON.parse(anthropic.body).error.type, 'invalid_request_error');
    assert.match(JSON.parse(anthropic.body).error.message, /Content-Encoding/);
    const openai = await post('/v1/chat/completions', JSON.stringify(VALID), { 'content-encoding': 'gzip' });
    assert.equal(openai.status, 400);
    assert.equal(JSON.parse(openai.body).error.type, 'invalid_request_error');
  });

  it('an unknown encoding or charset is refused, and gzip that is gzip is read', async () => {
    assert.equal((await post('/v1/messages', JSON.stringify(VALID), { 'content-encoding': 'bogus' })).status, 400);
    assert.equal((await post('/v1/messages', JSON.stringify(VALID), { 'content-type': 'application/json; charset=latin-1' })).status, 400);
    assert.equal((await post('/v1/messages', gzipSync(JSON.stringify(VALID)), { 'content-encoding': 'gzip' })).status, 200);
  });

  it('a gzip bomb is cut off at the body limit with 413', async () => {
    const bomb = gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x20));
    const answer = await post('/v1/messages', bomb, { 'content-encoding': 'gzip' });
    assert.equal(answer.status, 413);
    assert.equal(JSON.parse(answer.body).error.type, 'request_too_large');
  });

  it('JSON nested 10^5 levels is a 400 that says so', async () => {
    const body = `{"model":"sonnet","max_tokens":5,"messages":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const answer = await post('/v1/messages', body);
    assert.equal(answer.status, 400);
    assert.match(JSON.parse(answer.body).error.message, /nested more than 128 levels/);
  });

  it('a tool schema over 100 levels is a 400 naming the tool; 100 levels reach Cursor', async () => {
    const tooDeep = await post('/v1/messages', JSON.stringify({ ...VALID, tools: [{ name: 't', input_schema: nestedSchema(101) }] }));
    assert.equal(tooDeep.status, 400);
    assert.match(JSON.parse(tooDeep.body).error.message, /^tools\.0\.input_schema: is nested more than 100 levels deep/);
    const openai = await post('/v1/chat/completions', JSON.stringify({ ...VALID, tools: [{ type: 'function', function: { name: 't', parameters: nestedSchema(120) } }] }));
    assert.equal(openai.status, 400);
    assert.equal(JSON.parse(openai.body).error.param, 'tools.0.function.parameters');
    const runs = gateway.fake.runs.length;
    const deepest = await post('/v1/messages', JSON.stringify({ ...VALID, tools: [{ name: 't', input_schema: nestedSchema(100) }] }));
    assert.equal(deepest.status, 200);
    assert.equal(gateway.fake.runs.length, runs + 1);
  });
});
