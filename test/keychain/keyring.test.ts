// A real OS-keychain round trip through @napi-rs/keyring against a real Secret Service. Run it through
// scripts/with-keyring.sh (a private D-Bus session with an unlocked gnome-keyring):
//   bash scripts/with-keyring.sh node --import tsx --test test/keychain/*.test.ts
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { startFakeCursor, type FakeCursor } from '../../src/fake-cursor/index.js';
import { CURSOR_AGENT_KEYCHAIN } from '../../src/proxy/auth/cursor-paths.js';
import { KeychainSecretStore, loadKeychainBinding, probeKeychain, type KeychainBinding } from '../../src/proxy/auth/keychain-store.js';
import { cursorAgentKeychainSource, keychainReader } from '../../src/proxy/auth/login-import.js';
import { openAuthService } from '../../src/proxy/auth/open-auth-service.js';
import { openSecretStorage } from '../../src/proxy/auth/secret-storage.js';
import { SECRET_ACCOUNTS, SECRET_SERVICE } from '../../src/proxy/auth/secret-store.js';
import { removeDir, tempConfigDir } from '../helpers/auth.js';

let keychain: KeychainBinding;
let dir: string;
let fake: FakeCursor;

before(async () => {
  assert.ok(process.env.DBUS_SESSION_BUS_ADDRESS, 'run this through scripts/with-keyring.sh (no D-Bus session here)');
  keychain = await loadKeychainBinding();
  dir = await tempConfigDir();
  fake = await startFakeCursor();
});
after(async () => {
  await fake.close();
  await removeDir(dir);
});

describe('the OS keychain through @napi-rs/keyring (real Secret Service)', () => {
  it('stores, reads and deletes an entry', async () => {
    const store = new KeychainSecretStore(keychain, `${SECRET_SERVICE}-test`);
    const value = `token-${Date.now()}`;
    await store.set('round-trip', value);
    assert.equal(await keychain.getPassword(`${SECRET_SERVICE}-test`, 'round-trip'), value);
    assert.equal(await store.get('round-trip'), value);
    await store.delete('round-trip');
    assert.equal(await store.get('round-trip'), undefined);
    await store.delete('round-trip');
  });

  it('passes the startup probe and becomes the preferred store, with no warning', async () => {
    assert.equal(await probeKeychain(new KeychainSecretStore(keychain)), undefined);
    const storage = await openSecretStorage({ configDir: dir });
    assert.equal(storage.preferred.backend, 'keychain');
    assert.equal(storage.warning, undefined);
  });

  it('a login keeps its tokens in the keychain only, and logout erases them', async () => {
    fake.auth.addApiKey('key_keychain_1', { email: 'keys@example.com' });
    const auth = await openAuthService({ env: { THALAMUS_CONFIG_DIR: dir, THALAMUS_CURSOR_BASE_URL: fake.url } });
    try {
      const account = await auth.loginWithApiKey('key_keychain_1');
      assert.deepEqual([account.storage, account.storageWarning, account.email], ['keychain', undefined, 'keys@example.com']);
      assert.equal(await keychain.getPassword(SECRET_SERVICE, SECRET_ACCOUNTS.accessToken), await auth.getAccessToken());
      assert.equal(await keychain.getPassword(SECRET_SERVICE, SECRET_ACCOUNTS.apiKey), 'key_keychain_1');
      assert.deepEqual(await readdir(dir), ['account.json']);

      await auth.logout();
      for (const account of Object.values(SECRET_ACCOUNTS)) assert.equal(await keychain.getPassword(SECRET_SERVICE, account), null);
      assert.deepEqual(await readdir(dir), []);
    } finally {
      await auth.close();
    }
  });

  it("reads cursor-agent's own keychain items for a login import", async () => {
    const { account, services } = CURSOR_AGENT_KEYCHAIN;
    await keychain.setPassword(services.accessToken, account, 'agent-access-1');
    await keychain.setPassword(services.refreshToken, account, 'agent-refresh-1');
    try {
      const source = cursorAgentKeychainSource(keychainReader(loadKeychainBinding));
      const login = await source.read();
      assert.deepEqual([login?.accessToken, login?.refreshToken, login?.apiKey], ['agent-access-1', 'agent-refresh-1', undefined]);
    } finally {
      await keychain.deletePassword(services.accessToken, account);
      await keychain.deletePassword(services.refreshToken, account);
    }
    assert.equal(await cursorAgentKeychainSource(keychainReader(loadKeychainBinding)).read(), undefined);
  });
});
