// Traffic capture: per request the client's bodies and the Cursor messages decoded to JSON,
// nothing while off, credentials left out, and the folder kept within its limits.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Anthropic from '@anthropic-ai/sdk';
import { CAPTURE_LIMITS, captureDir, pruneCaptures, TrafficCapture, type CaptureFile } from '../../src/proxy/log/capture.js';
import { rememberSecret } from '../../src/proxy/log/redact.js';
import { CLIENT_KEY, startGateway, type Gateway } from '../helpers/gateway.js';
import { postRaw } from '../helpers/http.js';

const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};
/** A secret with no telltale shape: only redaction by value can catch it. */
const PLAIN_SECRET = 'cursor-api-key-5f1e0c2ab7d94e3f';

let configDir: string;
let capture: TrafficCapture;
let gateway: Gateway;

before(async () => {
  configDir = await mkdtemp(join(tmpdir(), 'thalamus-capture-'));
  capture = new TrafficCapture(configDir, false);
  gateway = await startGateway({ app: { capture } });
  rememberSecret(PLAIN_SECRET);
});
after(async () => {
  await gateway.close();
  await rm(configDir, { recursive: true, force: true });
});

async function captures(count: number): Promise<CaptureFile[]> {
  for (let waited = 0; ; waited += 20) {
    const names = (await readdir(captureDir(configDir)).catch(() => [] as string[])).sort();
    if (names.length >= count) {
      await capture.flush();
      return Promise.all(names.map(async (name) => JSON.parse(await readFile(join(captureDir(configDir), name), 'utf8')) as CaptureFile));
    }
    if (waited > 10_000) assert.fail(`${names.length} captures, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('traffic capture', () => {
  it('records nothing while off', async () => {
    gateway.fake.setScript(async (run) => {
      run.text('hi');
      run.turnEnded();
    });
    const raw = await postRaw(gateway.url, '/v1/messages', { model: 'sonnet', max_tokens: 10, messages: [{ role: 'user', content: 'hello' }] });
    assert.equal(raw.status, 200);
    await capture.flush();
    assert.deepEqual(await readdir(captureDir(configDir)).catch(() => []), []);
  });

  it('captures both bodies and the decoded Cursor messages of a streamed tool round trip, without credentials', async () => {
    capture.setEnabled(true);
    gateway.fake.setScript(async (run) => {
      run.text('Checking.');
      await run.toolCall({ name: 'get_weather', args: { city: 'Paris' }, toolCallId: 'toolu_c1' });
      run.text('It is sunny.');
      run.turnEnded();
    });
    const client = gateway.anthropic();
    const question: Anthropic.MessageParam = { role: 'user', content: `weather in Paris? my key is ${PLAIN_SECRET}` };
    const first = await client.messages.stream({ model: 'sonnet', max_tokens: 100, tools: [WEATHER_TOOL], messages: [question] }).finalMessage();
    await client.messages
      .stream({
        model: 'sonnet',
        max_tokens: 100,
        tools: [WEATHER_TOOL],
        messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_c1', content: 'sunny' }] }],
      })
      .finalMessage();
    capture.setEnabled(false);
    const [call, answer] = await captures(2);

    assert.equal(call!.request.path, '/v1/messages');
    assert.equal((call!.request.body as { model: string }).model, 'sonnet');
    assert.equal(call!.request.headers['x-api-key'], undefined, 'the client key header is left out');
    assert.equal(call!.response.status, 200);
    assert.match(call!.response.body, /event: content_block_start[\s\S]*"name":"get_weather"/);
    assert.match(answer!.response.body, /It is sunny\./);
    assert.equal(call!.record?.outcome, 'tool_use');

    // Cursor's side, decoded from protobuf: the run request out, the text and the tool call in.
    const sent = JSON.stringify(call!.upstream.filter((entry) => entry.direction === 'sent'));
    const received = JSON.stringify(call!.upstream.filter((entry) => entry.direction === 'received'));
    assert.match(sent, /"runRequest"/);
    assert.match(received, /Checking\./);
    assert.match(received, /get_weather/);
    // The tool result goes out on the same run, in the second request's capture.
    assert.match(JSON.stringify(answer!.upstream.filter((entry) => entry.direction === 'sent')), /sunny/);
    assert.match(JSON.stringify(answer!.upstream.filter((entry) => entry.direction === 'received')), /It is sunny\./);

    const files = await readdir(captureDir(configDir));
    for (const name of files) {
      const text = await readFile(join(captureDir(configDir), name), 'utf8');
      assert.ok(!text.includes(PLAIN_SECRET) && !text.includes(CLIENT_KEY), `${name} holds no secret`);
      assert.match(text, /my key is \[redacted\]/);
    }
  });

  it('captures a refused request with its error body', async () => {
    await rm(captureDir(configDir), { recursive: true, force: true });
    capture.setEnabled(true);
    const raw = await postRaw(gateway.url, '/v1/chat/completions', { model: 'gpt-5', messages: 'not a list' });
    capture.setEnabled(false);
    assert.equal(raw.status, 400);
    const [refused] = await captures(1);
    assert.equal(refused!.response.status, 400);
    assert.match(refused!.response.body, /"error"/);
    assert.deepEqual(refused!.upstream, []);
  });

  it('cuts an oversized body and keeps the folder within its file count and age', async () => {
    await rm(captureDir(configDir), { recursive: true, force: true });
    capture.setEnabled(true);
    gateway.fake.setScript(async (run) => {
      run.text('ok');
      run.turnEnded();
    });
    // Words, not one long run of a character: the local token counter is slow on the latter.
    const big = 'lorem ipsum '.repeat(CAPTURE_LIMITS.bodyBytes / 12 + 10);
    await postRaw(gateway.url, '/v1/messages', { model: 'sonnet', max_tokens: 10, messages: [{ role: 'user', content: big }] });
    capture.setEnabled(false);
    const [file] = await captures(1);
    assert.equal(typeof file!.request.body, 'string');
    assert.match(file!.request.body as string, /more characters not captured\]$/);
    // Each Cursor message is cut too: the run request carried the big text.
    assert.ok(file!.upstream.every((entry) => JSON.stringify(entry.message).length <= CAPTURE_LIMITS.messageBytes + 100));

    const dir = captureDir(configDir);
    await mkdir(dir, { recursive: true });
    const old = new Date(Date.now() - CAPTURE_LIMITS.maxAgeMs - 60_000);
    await writeFile(join(dir, 'old.json'), '{}');
    await utimes(join(dir, 'old.json'), old, old);
    for (let index = 0; index < CAPTURE_LIMITS.files + 5; index++) await writeFile(join(dir, `f${index}.json`), '{}');
    await pruneCaptures(configDir);
    const left = await readdir(dir);
    assert.equal(left.length, CAPTURE_LIMITS.files);
    assert.ok(!left.includes('old.json'), 'expired captures are deleted');
  });
});
