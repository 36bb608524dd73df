import assert from 'node:assert/strict';
import { readFile, readdir, stat } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { encryptedFileSecretStore, plainFileSecretStore, type StringCipher } from '../../src/proxy/auth/file-secret-store.js';
import { KeychainSecretStore, probeKeychain, type KeychainBinding } from '../../src/proxy/auth/keychain-store.js';
import { openSecretStorage } from '../../src/proxy/auth/secret-storage.js';
import { SECRET_SERVICE } from '../../src/proxy/auth/secret-store.js';
import { removeDir, tempConfigDir } from '../helpers/auth.js';

const SECRET = 'eyJhbGciOiJub25lIn0.eyJleHAiOjE5MDAwMDAwMDB9.secret-signature';

/** A reversible stand-in for Electron's safeStorage: XOR with a marker, so ciphertext ≠ plaintext. */
const fakeCipher: StringCipher = {
  encryptString: (plain) => Buffer.concat([Buffer.from('enc:'), Buffer.from(plain).map((byte) => byte ^ 0x5a)]),
  decryptString: (encrypted) => {
    if (encrypted.subarray(0, 4).toString() !== 'enc:') throw new Error('not ours');
    return Buffer.from(encrypted.subarray(4).map((byte) => byte ^ 0x5a)).toString();
  },
};

/** An in-memory keychain binding that behaves like the real one, or fails the way broken keyrings do. */
function memoryKeychain(failure?: 'no-dbus' | 'reads-nothing' | 'hangs'): KeychainBinding & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  const check = () => {
    if (failure === 'no-dbus') throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
    if (failure === 'hangs') return new Promise<never>(() => {});
  };
  return {
    entries,
    async getPassword(service, account) {
      await check();
      return failure === 'reads-nothing' ? null : (entries.get(`${service}/${account}`) ?? null);
    },
    async setPassword(service, account, password) {
      await check();
      entries.set(`${service}/${account}`, password);
    },
    async deletePassword(service, account) {
      await check();
      return entries.delete(`${service}/${account}`);
    },
  };
}

let dir: string;
before(async () => (dir = await tempConfigDir()));
after(() => removeDir(dir));

describe('file secret stores', () => {
  it('keeps secrets in a 0600 file, atomically, and removes the file when empty', async () => {
    const store = plainFileSecretStore(dir);
    assert.equal(await store.get('a'), undefined);
    await Promise.all([store.set('a', SECRET), store.set('b', 'two')]);
    assert.equal(await store.get('a'), SECRET);
    assert.equal(await store.get('b'), 'two');
    assert.equal((await stat(store.path)).mode & 0o777, 0o600);
    assert.deepEqual((await readdir(dir)).filter((name) => name.endsWith('.tmp')), []);
    await store.delete('a');
    await store.delete('a');
    await store.delete('b');
    await assert.rejects(stat(store.path), { code: 'ENOENT' });
  });

  it('encrypts every value with the injected cipher (Electron safeStorage)', async () => {
    const store = encryptedFileSecretStore(dir, fakeCipher);
    assert.equal(store.backend, 'safe-storage-file');
    await store.set('token', SECRET);
    const onDisk = await readFile(store.path, 'utf8');
    assert.doesNotMatch(onDisk, /secret-signature|eyJ/);
    assert.equal(Buffer.from(JSON.parse(onDisk).token, 'base64').subarray(0, 4).toString(), 'enc:');
    assert.equal(await store.get('token'), SECRET);
    assert.equal((await stat(store.path)).mode & 0o777, 0o600);
    await store.delete('token');
  });
});

describe('keychain store and probe', () => {
  it('stores under the service "Thalamus" and passes the probe, leaving no probe entry behind', async () => {
    const keychain = memoryKeychain();
    const store = new KeychainSecretStore(keychain);
    assert.equal(await probeKeychain(store), undefined);
    assert.equal(keychain.entries.size, 0);
    await store.set('cursor-access-token', SECRET);
    assert.deepEqual([...keychain.entries.keys()], [`${SECRET_SERVICE}/cursor-access-token`]);
    assert.equal(await store.get('missing'), undefined);
  });

  it('reports no D-Bus, a read that finds nothing after a write, and a keychain that never answers', async () => {
    assert.match((await probeKeychain(new KeychainSecretStore(memoryKeychain('no-dbus')))) ?? '', /Cannot autolaunch D-Bus/);
    assert.match((await probeKeychain(new KeychainSecretStore(memoryKeychain('reads-nothing')))) ?? '', /could not be read back/);
    assert.match((await probeKeychain(new KeychainSecretStore(memoryKeychain('hangs')), 50)) ?? '', /did not answer within 0.05 s/);
  });
});

describe('choosing the storage backend', () => {
  it('prefers a working keychain, with no warning', async () => {
    const storage = await openSecretStorage({ configDir: dir, loadKeychain: async () => memoryKeychain() });
    assert.equal(storage.preferred.backend, 'keychain');
    assert.equal(storage.warning, undefined);
    assert.deepEqual([...storage.stores.keys()].sort(), ['file', 'keychain']);
  });

  it('falls back to the 0600 file with a warning naming the reason', async () => {
    const storage = await openSecretStorage({ configDir: dir, loadKeychain: async () => memoryKeychain('no-dbus') });
    assert.equal(storage.preferred.backend, 'file');
    assert.match(storage.warning ?? '', /No usable OS keychain \(Cannot autolaunch D-Bus.*\): Cursor tokens are kept unencrypted in .*cursor-credentials\.json \(mode 0600\)/);
  });

  it('falls back to the safeStorage file when the app provides a cipher', async () => {
    const storage = await openSecretStorage({ configDir: dir, loadKeychain: async () => memoryKeychain('reads-nothing'), safeStorage: fakeCipher });
    assert.equal(storage.preferred.backend, 'safe-storage-file');
    assert.match(storage.warning ?? '', /encrypted by the app/);
  });

  it('runs without the keychain binding installed', async () => {
    const storage = await openSecretStorage({
      configDir: dir,
      loadKeychain: async () => {
        throw new Error("Cannot find package '@napi-rs/keyring'");
      },
    });
    assert.equal(storage.preferred.backend, 'file');
    assert.match(storage.warning ?? '', /keychain module could not be loaded/);
  });

  it('skips the keychain when turned off', async () => {
    let loaded = false;
    const storage = await openSecretStorage({
      configDir: dir,
      keychain: 'off',
      loadKeychain: async () => {
        loaded = true;
        return memoryKeychain();
      },
    });
    assert.equal(loaded, false);
    assert.equal(storage.preferred.backend, 'file');
    assert.match(storage.warning ?? '', /turned off/);
  });
});
