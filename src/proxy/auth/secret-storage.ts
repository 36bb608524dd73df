// Picks where tokens go at startup: the OS keychain when a probe shows it works, else an
// Electron safeStorage file when the app provides a cipher, else a 0600 file — with a warning
// the user sees in `thalamus status`, /health and the app.
import type { Logger } from '../log/logger.js';
import type { StorageBackend } from './auth-service.js';
import { encryptedFileSecretStore, plainFileSecretStore, type StringCipher } from './file-secret-store.js';
import { KeychainSecretStore, loadKeychainBinding, probeKeychain, type KeychainBinding } from './keychain-store.js';
import type { SecretStore } from './secret-store.js';

export interface SecretStorageOptions {
  configDir: string;
  /** `off` skips the keychain (THALAMUS_KEYCHAIN=off; tests). Default `auto`: probe it. */
  keychain?: 'auto' | 'off';
  loadKeychain?: () => Promise<KeychainBinding>;
  /** Electron's safeStorage, when running inside the desktop app and it reports encryption available. */
  safeStorage?: StringCipher;
  probeTimeoutMs?: number;
  logger?: Logger;
}

export interface SecretStorage {
  /** Where a new login is stored. */
  preferred: SecretStore;
  /** Every usable store: a login is read from the one recorded with it, logout erases them all. */
  stores: ReadonlyMap<Exclude<StorageBackend, 'env'>, SecretStore>;
  /** Set when the preferred store is not the keychain: why, and where the tokens are instead. */
  warning?: string;
}

export async function openSecretStorage(options: SecretStorageOptions): Promise<SecretStorage> {
  const stores = new Map<Exclude<StorageBackend, 'env'>, SecretStore>();
  const keychainProblem = options.keychain === 'off' ? 'it is turned off (THALAMUS_KEYCHAIN=off)' : await openKeychain(options, stores);
  const plain = plainFileSecretStore(options.configDir);
  stores.set('file', plain);
  if (options.safeStorage) stores.set('safe-storage-file', encryptedFileSecretStore(options.configDir, options.safeStorage));

  const preferred = stores.get('keychain') ?? stores.get('safe-storage-file') ?? plain;
  if (preferred.backend === 'keychain') return { preferred, stores };
  const warning =
    preferred.backend === 'file'
      ? `No usable OS keychain (${keychainProblem}): Cursor tokens are kept unencrypted in ${plain.path} (mode 0600).`
      : `No usable OS keychain (${keychainProblem}): Cursor tokens are kept encrypted by the app in the config dir.`;
  options.logger?.warn('keychain unavailable, using a file', { backend: preferred.backend, reason: keychainProblem });
  return { preferred, stores, warning };
}

/** Adds the keychain store when it works; otherwise returns why not. */
async function openKeychain(options: SecretStorageOptions, stores: Map<Exclude<StorageBackend, 'env'>, SecretStore>): Promise<string | undefined> {
  let binding: KeychainBinding;
  try {
    binding = await (options.loadKeychain ?? loadKeychainBinding)();
  } catch (error) {
    return `the keychain module could not be loaded: ${(error as Error).message}`;
  }
  const store = new KeychainSecretStore(binding);
  const problem = await probeKeychain(store, options.probeTimeoutMs);
  if (problem === undefined) stores.set('keychain', store);
  return problem;
}
