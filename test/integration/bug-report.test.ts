// The bug report and the promise behind it: after serving with capture on, with secrets in the
// bodies and in Cursor's error text, no file under the config dir and none in the zip holds any
// secret (scanned by value); the zip has the log, the captures and the facts a maintainer needs.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { startFakeCursor, type FakeCursor } from '../../src/fake-cursor/index.js';
import { startGateway, type RunningGateway } from '../../src/proxy/app/gateway.js';
import { buildReport } from '../../src/proxy/log/bug-report.js';
import type { RequestRecord } from '../../src/proxy/log/request-record.js';
import { silentLogger } from '../../src/proxy/log/logger.js';
import { postRaw } from '../helpers/http.js';

// Secrets with no telltale shape (no JWT, no thl_, no Bearer): only redaction by value finds them.
const CURSOR_TOKEN = 'cursor-access-7d1f9a2b3c4d5e6f';
const CLIENT_KEY = 'local-client-key-0a1b2c3d4e5f';
const SECRETS = [CURSOR_TOKEN, CLIENT_KEY];

let configDir: string;
let fake: FakeCursor;
let gateway: RunningGateway;
const records: RequestRecord[] = [];

before(async () => {
  configDir = await mkdtemp(join(tmpdir(), 'thalamus-report-'));
  fake = await startFakeCursor();
  gateway = await startGateway({
    port: 0,
    announce: false,
    logger: silentLogger,
    capture: true,
    records: (record) => records.push(record),
    env: { THALAMUS_CONFIG_DIR: configDir, THALAMUS_CURSOR_TOKEN: CURSOR_TOKEN, THALAMUS_API_KEY: CLIENT_KEY, THALAMUS_CURSOR_BASE_URL: fake.url, THALAMUS_KEYCHAIN: 'off' },
    engineOptions: { ca: fake.ca },
  });
});
after(async () => {
  await gateway.close();
  await fake.close();
  await rm(configDir, { recursive: true, force: true });
});

async function recordsArrived(count: number): Promise<void> {
  for (let waited = 0; records.length < count; waited += 10) {
    if (waited > 10_000) assert.fail(`${records.length} records, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

it('no file under the config dir nor in the report holds a secret, and the report has what a maintainer needs', async () => {
  const headers = { 'x-api-key': CLIENT_KEY };
  fake.setScript(async (run) => {
    run.text(`echo: ${CLIENT_KEY} and ${CURSOR_TOKEN}`);
    run.turnEnded();
  });
  const ok = await postRaw(gateway.url, '/v1/messages', { model: 'sonnet', max_tokens: 50, stream: true, messages: [{ role: 'user', content: `my keys: ${CLIENT_KEY} ${CURSOR_TOKEN}` }] }, headers);
  assert.equal(ok.status, 200);
  // Cursor's error text quoting the token.
  fake.setScript(async (run) => run.fail({ code: 'invalid_argument', message: `bad request for token ${CURSOR_TOKEN}` }));
  const failed = await postRaw(gateway.url, '/v1/chat/completions', { model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] }, { authorization: `Bearer ${CLIENT_KEY}` });
  assert.equal(failed.status, 400);
  await recordsArrived(2);
  await gateway.requestLog.flush();
  await gateway.capture.flush();
  // The capture of the second request is written once its response closes.
  for (let waited = 0; (await readdir(join(configDir, 'captures')).catch(() => [])).length < 2; waited += 20) {
    if (waited > 10_000) assert.fail('two captures expected');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await gateway.capture.flush();

  const files = await filesUnder(configDir);
  assert.ok(files.some((path) => path.endsWith('requests.jsonl')));
  for (const path of files) {
    if (path.endsWith('client-key')) continue; // the key's own home (0600), when it was generated
    const text = await readFile(path, 'utf8');
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${path} holds a secret`);
  }

  const zip = unzipSync(await buildReport({ configDir, env: { THALAMUS_CURSOR_TOKEN: CURSOR_TOKEN, THALAMUS_API_KEY: CLIENT_KEY, THALAMUS_CAPTURE: '1' } }));
  const names = Object.keys(zip).sort();
  assert.deepEqual(names.filter((name) => !name.startsWith('captures/')), ['report.json', 'requests.jsonl']);
  assert.equal(names.filter((name) => name.startsWith('captures/')).length, 2);
  for (const [name, bytes] of Object.entries(zip)) {
    const text = strFromU8(bytes);
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${name} in the zip holds a secret`);
  }
  const report = JSON.parse(strFromU8(zip['report.json']!)) as Record<string, unknown> & { configuration: Record<string, string>; requestLog: { records: number } };
  assert.match(String(report.thalamusVersion), /^\d+\.\d+\.\d+/);
  assert.match(String(report.cursorClientVersion), /^cli-/);
  assert.ok((report.os as { platform: string }).platform);
  assert.deepEqual(report.configuration, { THALAMUS_API_KEY: '(set)', THALAMUS_CAPTURE: '1', THALAMUS_CURSOR_TOKEN: '(set)' });
  assert.equal(report.requestLog.records, 2);
  const logged = strFromU8(zip['requests.jsonl']!).trim().split('\n').map((line) => JSON.parse(line) as RequestRecord);
  assert.deepEqual(logged.map((record) => record.status), [200, 400]);
  assert.match(logged[1]!.errorMessage!, /bad request for token \[redacted\]/);
  const capture = strFromU8(zip[names.find((name) => name.startsWith('captures/'))!]!);
  assert.match(capture, /my keys: \[redacted\] \[redacted\]/);
});
