import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usableSafeStorage } from '../../src/main/safe-storage.js';

test('safeStorage is the fallback cipher only when it really encrypts', () => {
  const cipher = (available: boolean, backend: string) => ({
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain: string) => Buffer.from(plain),
    decryptString: (data: Buffer) => data.toString(),
  });
  assert.equal(usableSafeStorage(cipher(false, 'gnome_libsecret'), 'linux'), undefined);
  assert.equal(usableSafeStorage(cipher(true, 'basic_text'), 'linux'), undefined);
  assert.ok(usableSafeStorage(cipher(true, 'gnome_libsecret'), 'linux'));
  assert.ok(usableSafeStorage(cipher(true, 'unknown'), 'darwin'));
});
