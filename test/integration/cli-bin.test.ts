// The shipped entry point: `bin/thalamus.js` running the bundled CLI (dist/bundle), as
// `npm start` does — the bundle must find package.json, node_modules and the config dir.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, it } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';

const ROOT = new URL('../../', import.meta.url);
const BIN = new URL('bin/thalamus.js', ROOT).pathname;

before(() => {
  execFileSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: ROOT });
});

it('serve --demo --ui answers /health and a message, prints where the key is but never the key, and stops cleanly on SIGTERM', async () => {
  const configDir = await mkdtemp(join(tmpdir(), 'thalamus-bin-'));
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--demo', '--ui'], {
    env: { PATH: process.env.PATH, HOME: configDir, THALAMUS_CONFIG_DIR: configDir, THALAMUS_KEYCHAIN: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let stdout = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before listening: ${stdout}`)));
  });
  try {
    const health = (await (await fetch(`${url}/health`)).json()) as { status: string; version: string };
    assert.equal(health.status, 'ok');
    assert.match(health.version, /^\d+\.\d+\.\d+/);
    assert.match(stdout, /DEMO backend/);
    const key = execFileSync(process.execPath, [BIN, 'env'], { env: { ...process.env, THALAMUS_CONFIG_DIR: configDir }, encoding: 'utf8' });
    assert.match(key, new RegExp(`ANTHROPIC_BASE_URL='${url}'`), 'env finds the running gateway');
    const clientKey = /ANTHROPIC_AUTH_TOKEN='([^']+)'/.exec(key)![1]!;
    assert.ok(!stdout.includes(clientKey) && !stdout.includes(encodeURIComponent(clientKey)), 'stdout never shows the client key');
    assert.match(stdout, new RegExp(`Web UI: ${url}/ui/ \\(paste the client key when it asks: .*client-key\\)`));
    const answer = await fetch(`${url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': clientKey, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sonnet', max_tokens: 50, messages: [{ role: 'user', content: 'ping' }] }),
    });
    assert.equal(answer.status, 200);
    assert.match(JSON.stringify(await answer.json()), /You asked: .ping./);
    // The request log is written just after the response: poll `thalamus logs` until it shows.
    let logged = '';
    for (let tries = 0; !logged.includes('"status":200'); tries++) {
      if (tries > 100) assert.fail(`thalamus logs --json printed: ${logged}`);
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      logged = execFileSync(process.execPath, [BIN, 'logs', '--json'], { env: { ...process.env, THALAMUS_CONFIG_DIR: configDir }, encoding: 'utf8' });
    }
    const record = JSON.parse(logged.trim().split('\n').at(-1)!) as { api: string; model: string; outcome: string };
    assert.deepEqual({ api: record.api, model: record.model, outcome: record.outcome }, { api: 'anthropic', model: 'sonnet', outcome: 'end_turn' });
    const zipPath = join(configDir, 'report.zip');
    const wrote = execFileSync(process.execPath, [BIN, 'report', '--out', zipPath], { env: { ...process.env, THALAMUS_CONFIG_DIR: configDir, THALAMUS_KEYCHAIN: 'off' }, encoding: 'utf8' });
    assert.match(wrote, /^Wrote .*report\.zip/);
    const zip = unzipSync(readFileSync(zipPath));
    assert.deepEqual(Object.keys(zip).sort(), ['report.json', 'requests.jsonl']);
    assert.ok(!strFromU8(zip['requests.jsonl']!).includes(clientKey) && strFromU8(zip['requests.jsonl']!).includes('"model":"sonnet"'));
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0);
  assert.equal(existsSync(join(configDir, 'gateway.json')), false, 'the gateway record is removed on exit');
});
