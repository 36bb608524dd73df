// `thalamus login|logout|status` as a user runs them, against the fake Cursor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeCursor, type FakeCursor } from '../../src/fake-cursor/index.js';
import { main } from '../../src/proxy/app/cli.js';
import { removeDir, tempConfigDir } from '../helpers/auth.js';

let fake: FakeCursor;
let dir: string;
const saved = { ...process.env };

before(async () => {
  fake = await startFakeCursor();
  dir = await tempConfigDir();
  delete process.env.THALAMUS_CURSOR_TOKEN;
  Object.assign(process.env, { THALAMUS_CONFIG_DIR: dir, THALAMUS_CURSOR_BASE_URL: fake.url, THALAMUS_KEYCHAIN: 'off' });
});
after(async () => {
  process.env = saved;
  await fake.close();
  await removeDir(dir);
});

async function run(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(argv, (text) => (out += text));
  return { code, out };
}

describe('thalamus login / status / logout', () => {
  it('logs in with an API key, shows the account and the storage warning, logs out', async () => {
    fake.auth.addApiKey('key_cli_1', { email: 'cli@example.com' });
    const login = await run('login', '--api-key', 'key_cli_1');
    assert.equal(login.code, 0);
    assert.match(login.out, /Logged in to Cursor as cli@example\.com\./);
    assert.ok(!login.out.includes('key_cli_1'));

    const status = await run('status');
    assert.equal(status.code, 0);
    assert.match(status.out, /Cursor account: cli@example\.com/);
    assert.match(status.out, /Login method:   api-key/);
    assert.match(status.out, /Token expires:  \d{4}-\d\d-\d\dT.*\(in 60 min\)/);
    assert.match(status.out, /Token storage:  0600 file in the config dir/);
    assert.match(status.out, /Warning:        No usable OS keychain \(it is turned off/);
    assert.match(status.out, /Gateway:        not running/);
    assert.match(status.out, /Client version: cli-\d{4}\.\d+\.\d+-\w+ \((built-in default|installed cursor-agent|THALAMUS_CLIENT_VERSION);/);

    const logout = await run('logout');
    assert.equal(logout.code, 0);
    assert.match((await run('status')).out, /Cursor account: not logged in: run `thalamus login`/);
  });

  it('logs in with a pasted token, and reports a refused API key with exit code 1', async () => {
    const { accessToken } = fake.auth.issueTokens({ email: 'tok@example.com' });
    assert.equal((await run('login', '--token', accessToken)).code, 0);
    assert.match((await run('status')).out, /Cursor account: tok@example\.com\n.*Login method:   token/s);
    assert.equal((await run('login', '--api-key', 'key_unknown')).code, 1);
  });

  it('refuses two login methods at once (usage, exit 2)', async () => {
    assert.equal((await run('login', '--api-key', 'a', '--token', 'b')).code, 2);
  });
});
