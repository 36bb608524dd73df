// Resilience over real HTTP/2 against the fake Cursor server: the first-byte deadline, retry
// before the first byte, and the fallback chain, counting the Runs the fake saw.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGateway, type Gateway } from '../helpers/gateway.js';
import { postRaw } from '../helpers/http.js';

const ANTHROPIC_BODY = { model: 'claude-sonnet-4-5', max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] };
const OPENAI_BODY = { model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] };

/** Polls until `check` holds (no fixed sleeps). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('first-byte deadline', () => {
  let gateway: Gateway;
  before(async () => {
    gateway = await startGateway({ resilience: { firstByteTimeoutMs: 300 } });
    // Cursor accepts the run and then says nothing at all.
    gateway.fake.setScript((run) => new Promise<void>((resolve) => run.aborted.addEventListener('abort', () => resolve())));
  });
  after(() => gateway.close());

  it('a silent Cursor is a 529 overloaded_error with retry-after, and the run is cancelled', async () => {
    const answer = await postRaw(gateway.url, '/v1/messages', ANTHROPIC_BODY, { 'anthropic-version': '2023-06-01' });
    assert.equal(answer.status, 529);
    assert.equal(JSON.parse(answer.body).error.type, 'overloaded_error');
    assert.match(JSON.parse(answer.body).error.message, /no answer within 0\.3 s/);
    assert.ok(Number(answer.headers['retry-after']) > 0);
    await until(() => gateway.fake.runs.at(-1)!.clientAborted, 'the run to be reset');
  });

  it('on Chat Completions it is a 503 with retry-after', async () => {
    const answer = await postRaw(gateway.url, '/v1/chat/completions', OPENAI_BODY);
    assert.equal(answer.status, 503);
    assert.equal(JSON.parse(answer.body).error.code, 'overloaded');
    assert.ok(Number(answer.headers['retry-after']) > 0);
  });
});
