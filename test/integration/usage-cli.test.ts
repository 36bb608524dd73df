// `thalamus usage` against the fake's DashboardService (the JSON contract, the text, --refresh,
// meters a gateway shared), and `thalamus statusline` through the shipped bin.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFakeCursor, type FakeCursor } from '../../src/fake-cursor/index.js';
import { EnvTokenProvider } from '../../src/proxy/cursor/env-token-provider.js';
import { openRequestLog } from '../../src/proxy/log/request-log.js';
import { readSharedMeters } from '../../src/proxy/usage/meters-file.js';
import { usageCommand } from '../../src/proxy/usage/usage-command.js';
import type { UsageJson } from '../../src/proxy/usage/usage-report.js';

const ROOT = new URL('../../', import.meta.url);
const BIN = new URL('bin/thalamus.js', ROOT).pathname;
const DAY = 24 * 60 * 60 * 1000;

let fake: FakeCursor;
let root: string;
before(async () => {
  fake = await startFakeCursor();
  root = await mkdtemp(join(tmpdir(), 'thalamus-usage-cli-'));
  fake.account.update({
    planName: 'Pro+',
    billingCycleStart: new Date(Date.now() - 15 * DAY),
    billingCycleEnd: new Date(Date.now() + 15 * DAY),
    percentUsed: { auto: 30, api: 90 },
    onDemand: { enabled: true, limitCents: 2000, usedCents: 450 },
  });
});
after(async () => {
  await fake.close();
  await rm(root, { recursive: true, force: true });
});

async function run(configDir: string, flags: { json?: boolean; refresh?: boolean; env?: NodeJS.ProcessEnv; token?: string } = {}) {
  let text = '';
  const code = await usageCommand({
    json: flags.json ?? false,
    refresh: flags.refresh ?? false,
    tokenProvider: new EnvTokenProvider({ THALAMUS_CURSOR_TOKEN: flags.token ?? 'usage-cli-token' }),
    env: { THALAMUS_CONFIG_DIR: configDir, THALAMUS_CURSOR_BASE_URL: fake.url, ...flags.env },
    out: (chunk) => (text += chunk),
  });
  assert.equal(code, 0);
  return text;
}

describe('thalamus usage', () => {
  it('--json: exactly the contract, figures from Cursor, the pace from the cycle', async () => {
    const configDir = join(root, 'json');
    const result = JSON.parse(await run(configDir, { json: true })) as UsageJson;
    assert.deepEqual(Object.keys(result), ['plan', 'billingCycleEnd', 'pools', 'total', 'onDemand', 'pace', 'local', 'status']);
    assert.equal(result.plan, 'Pro+');
    assert.equal(result.billingCycleEnd, fake.account.state.billingCycleEnd.toISOString());
    assert.deepEqual(Object.keys(result.pools.api), ['percentUsed', 'pace'], 'added after the first contract, never renamed');
    assert.deepEqual({ auto: result.pools.auto.percentUsed, api: result.pools.api.percentUsed }, { auto: 30, api: 90 });
    // Each pool's own pace: API 90 % and Auto 30 % at half the cycle.
    assert.ok(result.pools.api.pace !== null && Math.abs(result.pools.api.pace - 1.8) < 0.01, `api pace ${result.pools.api.pace}`);
    assert.ok(result.pools.auto.pace !== null && Math.abs(result.pools.auto.pace - 0.6) < 0.01, `auto pace ${result.pools.auto.pace}`);
    assert.deepEqual(result.total, { percentUsed: 60 });
    assert.deepEqual(result.onDemand, { usedCents: 450, limitCents: 2000 });
    assert.ok(result.pace !== null && Math.abs(result.pace - 1.2) < 0.01, `pace ${result.pace}`);
    assert.deepEqual(result.local, { today: { requests: 0, inputTokens: 0, outputTokens: 0, byModel: {} } });
    assert.equal(result.status.state, 'known');
    assert.deepEqual(result.status.estimated, []);
    // The meters are shared for the statusline and the next `usage`.
    assert.equal((await readSharedMeters(configDir))?.pools.api.percentUsed, 90);
  });

  it('reuses meters shared in the last minute; --refresh asks Cursor again', async () => {
    const configDir = join(root, 'refresh');
    await run(configDir, { json: true });
    const asked = fake.dashboard.calls.length;
    fake.account.setPercentUsed('api', 95);
    assert.equal((JSON.parse(await run(configDir, { json: true })) as UsageJson).pools.api.percentUsed, 90);
    assert.equal(fake.dashboard.calls.length, asked, 'nothing asked');
    assert.equal((JSON.parse(await run(configDir, { json: true, refresh: true })) as UsageJson).pools.api.percentUsed, 95);
    fake.account.setPercentUsed('api', 90);
  });

  it('text for people: pools as bars, on-demand apart, the limits in force', async () => {
    const text = await run(join(root, 'text'), { env: { THALAMUS_DAILY_REQUEST_LIMIT: '250' } });
    assert.match(text, /^Cursor plan: Pro\+ — resets .* \(in 15 days\)$/m);
    assert.match(text, /^ {2}API {13}█{18}░{2} 90 % {3}pace 1\.80× \(estimate\)$/m);
    assert.match(text, /^ {2}Auto \+ Composer .* 30 % {3}pace 0\.60× \(estimate\)$/m);
    assert.match(text, /^ {2}Total .* 60 % {3}50 % of the cycle gone$/m);
    assert.match(text, /^ {2}On-demand {7}\$4\.50 of \$20\.00$/m);
    assert.match(text, /^Today through Thalamus: 0 requests/m);
    assert.match(text, /^Daily request limit: 0 of 250$/m);
  });

  it('a refused token: the meters are unknown and say why; the command still answers', async () => {
    fake.auth.revoke('revoked-token');
    const result = JSON.parse(await run(join(root, 'refused'), { json: true, token: 'revoked-token' })) as UsageJson;
    assert.equal(result.pools.api.percentUsed, null);
    assert.equal(result.status.state, 'unknown');
    assert.match(result.status.reason!, /refused the token/);
    assert.match(await run(join(root, 'refused'), { refresh: true, token: 'revoked-token' }), /usage unknown: Cursor refused the token/);
  });
});

describe('thalamus statusline (bin)', () => {
  before(() => {
    execFileSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: ROOT });
  });

  it('one line from the shared meters and Claude Code’s JSON on stdin', async () => {
    const configDir = join(root, 'json');
    const line = execFileSync(process.execPath, [BIN, 'statusline'], {
      env: { PATH: process.env.PATH, THALAMUS_CONFIG_DIR: configDir, NO_COLOR: '1' },
      input: JSON.stringify({ model: { id: 'claude-sonnet-4-5', display_name: 'Sonnet 4.5' }, workspace: { current_dir: '/tmp' } }),
      encoding: 'utf8',
    });
    assert.equal(line, 'API 90% · Auto 30% · resets in 15d · API pace 1.8×~ · Sonnet 4.5\n');
  });

  it('names the Cursor model that answered last, from the request log', async () => {
    const configDir = join(root, 'json');
    const log = openRequestLog(configDir);
    log.sink({ time: new Date().toISOString(), id: 'req_1', api: 'anthropic', model: 'claude-sonnet-4-5', cursorModel: 'claude-4.5-sonnet', stream: true, status: 200, outcome: 'end_turn', durationMs: 10, toolCalls: 0 });
    await log.flush();
    const line = execFileSync(process.execPath, [BIN, 'statusline'], {
      env: { PATH: process.env.PATH, THALAMUS_CONFIG_DIR: configDir, NO_COLOR: '1' },
      input: JSON.stringify({ model: { id: 'claude-sonnet-4-5', display_name: 'Sonnet 4.5' } }),
      encoding: 'utf8',
    });
    assert.equal(line, 'API 90% · Auto 30% · resets in 15d · API pace 1.8×~ · Sonnet 4.5 → claude-4.5-sonnet\n');
  });

  it('without meters or stdin: says no gateway has read them', () => {
    const line = execFileSync(process.execPath, [BIN, 'statusline'], { env: { PATH: process.env.PATH, THALAMUS_CONFIG_DIR: join(root, 'none'), NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    assert.equal(line, 'Cursor usage unknown (no gateway has read it yet)\n');
  });
});
