// Megabytes through the whole gateway: a Claude Code turn carrying three 3.5 MB screenshots (a
// 14 MB JSON body) reaches the fake Cursor server byte for byte over HTTP/2 flow control, while
// small turns sent at the same time still answer.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CLIENT_KEY, startGateway, type Gateway } from '../helpers/gateway.js';
import { userMessageOf } from '../helpers/fake-run.js';
import { postRaw } from '../helpers/http.js';

let gateway: Gateway;
before(async () => {
  gateway = await startGateway();
  gateway.fake.setScript(async (run) => {
    run.text('seen');
    run.turnEnded();
  });
});
after(() => gateway.close());

/** PNG signature and a 1024×1024 IHDR, then incompressible bytes: what the header says is all Cursor is told. */
function bigPng(bytes: number): Buffer {
  const header = Buffer.from('89504e470d0a1a0a0000000d49484452000004000000040008060000005c72a866', 'hex');
  return Buffer.concat([header, randomBytes(bytes - header.length)]);
}

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const ANTHROPIC = { 'anthropic-version': '2023-06-01', 'x-api-key': CLIENT_KEY };

describe('large uploads through the gateway', () => {
  it('three 3.5 MB images reach Cursor intact, and small turns sent meanwhile answer', async () => {
    const images = [bigPng(3_500_000), bigPng(3_500_000), bigPng(3_500_000)];
    const big = postRaw(
      gateway.url,
      '/v1/messages',
      {
        model: 'sonnet',
        max_tokens: 32,
        messages: [
          {
            role: 'user',
            content: [...images.map((image) => ({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: image.toString('base64') } })), { type: 'text', text: 'compare these' }],
          },
        ],
      },
      ANTHROPIC,
    );
    const small = Array.from({ length: 8 }, (_, index) =>
      postRaw(gateway.url, '/v1/messages', { model: 'sonnet', max_tokens: 32, messages: [{ role: 'user', content: `small ${index}` }] }, ANTHROPIC),
    );
    const [bigResponse, ...smallResponses] = await Promise.all([big, ...small]);
    assert.equal(bigResponse.status, 200, bigResponse.body.slice(0, 300));
    assert.equal(JSON.parse(bigResponse.body).content[0].text, 'seen');
    for (const response of smallResponses) assert.equal(response.status, 200);
    const run = gateway.fake.runs.find((candidate) => userMessageOf(candidate.request).userMessage?.text === 'compare these');
    assert.ok(run, 'the fake saw the turn with the images');
    const received = userMessageOf(run.request).userMessage?.selectedContext?.selectedImages ?? [];
    assert.deepEqual(received.map((image) => sha(image.data)), images.map(sha));
    assert.deepEqual(received.map((image) => [image.dimension?.width, image.dimension?.height]), [[1024, 1024], [1024, 1024], [1024, 1024]]);
  });
});
