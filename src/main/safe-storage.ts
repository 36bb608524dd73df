// Electron's safeStorage as the auth module's fallback cipher — only when it really encrypts.
// On Linux without a keyring it reports `basic_text`: a hard-coded key, no better than the
// plain 0600 file, so it is not offered as encryption.
import type { StringCipher } from '../proxy/auth/file-secret-store.js';

export interface SafeStorageLike extends StringCipher {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend?(): string;
}

export function usableSafeStorage(safeStorage: SafeStorageLike, platform: NodeJS.Platform): StringCipher | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return undefined;
  return safeStorage;
}
