// Without a Secret Service (no D-Bus session, no display) the real keychain probe fails at once
// and the login module keeps tokens in the 0600 file, with a warning in its status.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { openAuthService } from '../../src/proxy/auth/open-auth-service.js';
import { removeDir, tempConfigDir } from '../helpers/auth.js';

let dir: string;
let runtimeDir: string;

before(async () => {
  dir = await tempConfigDir();
  // Nothing may lead the binding to a bus: no address, no X11 autolaunch, an empty runtime dir.
  runtimeDir = await mkdtemp(join(tmpdir(), 'thalamus-no-bus-'));
  delete process.env.DBUS_SESSION_BUS_ADDRESS;
  delete process.env.DISPLAY;
  process.env.XDG_RUNTIME_DIR = runtimeDir;
});
after(async () => {
  await removeDir(dir);
  await removeDir(runtimeDir);
});

it('falls back to the 0600 file with a visible warning when no Secret Service runs', { skip: process.platform !== 'linux' && 'Linux only' }, async () => {
  const auth = await openAuthService({ env: { THALAMUS_CONFIG_DIR: dir, THALAMUS_CURSOR_BASE_URL: 'http://127.0.0.1:9' } });
  try {
    const account = auth.account();
    assert.equal(account.storage, 'file');
    // The D-Bus failure itself, not the probe's timeout: it failed fast.
    assert.match(account.storageWarning ?? '', /No usable OS keychain \((?!it did not answer).*D-?Bus.*\): Cursor tokens are kept unencrypted in .*cursor-credentials\.json/);
    assert.equal(account.loggedIn, false);
  } finally {
    await auth.close();
  }
});
