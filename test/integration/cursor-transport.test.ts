// The HTTP/2 session pool against the fake Cursor server over real HTTP/2: multi-MB uploads do
// not starve small calls, and a session that gets a GOAWAY, a session-level stream reset or a
// dropped connection is replaced by a fresh one.
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { after, before, describe, it } from 'node:test';
import { exchange, ExchangeError } from '../../src/proxy/cursor/exchange.js';
import { Http2Transport } from '../../src/proxy/cursor/transport.js';
import { startFakeCursor, type FakeCursor } from '../../src/fake-cursor/index.js';

const RUN_PATH = '/agent.v1.AgentService/Run';
const MODELS_PATH = '/aiserver.v1.AiService/GetUsableModels';
const HEADERS = { 'content-type': 'application/proto', authorization: 'Bearer cursor-test-token' };

let fake: FakeCursor;
before(async () => {
  fake = await startFakeCursor();
});
after(() => fake.close());

function call(transport: Http2Transport, path: string, body: Uint8Array = new Uint8Array()) {
  return exchange({ transport, url: new URL(path, fake.url), headers: HEADERS, body, timeoutMs: 60_000 });
}

describe('Http2Transport', () => {
  it('small calls succeed while multi-MB uploads are in flight, on a second session', async () => {
    const transport = new Http2Transport();
    try {
      await call(transport, MODELS_PATH); // one warm session
      const sessionsBefore = fake.sessionsOpened;
      const uploads = [1, 2, 3].map(() => call(transport, MODELS_PATH, new Uint8Array(8 * 1024 * 1024)));
      const small = await Promise.all(Array.from({ length: 30 }, () => call(transport, MODELS_PATH)));
      assert.deepEqual(new Set(small.map((answer) => answer.status)), new Set([200]), 'every small call answered');
      const big = await Promise.all(uploads);
      // The fake refuses 8 MB of zeros as a models request, but it read every byte to say so.
      for (const answer of big) assert.ok(answer.status >= 200, `upload answered ${answer.status}`);
      assert.ok(fake.sessionsOpened > sessionsBefore, 'a busy session made the pool open another');
    } finally {
      await transport.close();
    }
  });

  for (const [name, fault] of [
    ['GOAWAY (ENHANCE_YOUR_CALM)', { kind: 'goaway', code: http2.constants.NGHTTP2_ENHANCE_YOUR_CALM }],
    ['a stream reset with ENHANCE_YOUR_CALM', { kind: 'rst', code: http2.constants.NGHTTP2_ENHANCE_YOUR_CALM }],
    ['a stream reset with PROTOCOL_ERROR', { kind: 'rst', code: http2.constants.NGHTTP2_PROTOCOL_ERROR }],
    ['a dropped connection', { kind: 'connection_reset' }],
  ] as const) {
    it(`after ${name} the next call runs on a fresh session`, async () => {
      const transport = new Http2Transport();
      try {
        await call(transport, MODELS_PATH);
        const sessionsBefore = fake.sessionsOpened;
        fake.faults.inject(fault);
        await assert.rejects(call(transport, RUN_PATH), (error: unknown) => error instanceof ExchangeError);
        assert.equal(fake.faults.applied > 0, true);
        const answer = await call(transport, MODELS_PATH);
        assert.equal(answer.status, 200);
        assert.equal(fake.sessionsOpened, sessionsBefore + 1, 'one new session');
        if (fault.kind !== 'connection_reset') assert.equal(transport.stats().drained, 1, 'the faulty session was drained');
      } finally {
        await transport.close();
      }
    });
  }

  it('a stream reset with CANCEL is the stream’s own business: the session stays', async () => {
    const transport = new Http2Transport();
    try {
      await call(transport, MODELS_PATH);
      const sessionsBefore = fake.sessionsOpened;
      fake.faults.inject({ kind: 'rst', code: http2.constants.NGHTTP2_CANCEL });
      await assert.rejects(call(transport, RUN_PATH));
      await call(transport, MODELS_PATH);
      assert.equal(fake.sessionsOpened, sessionsBefore);
      assert.equal(transport.stats().drained, 0);
    } finally {
      await transport.close();
    }
  });
});
