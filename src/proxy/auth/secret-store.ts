// Where tokens are kept: a tiny get/set/delete interface with one implementation per backend
// (OS keychain, Electron safeStorage file, 0600 file). Never the settings JSON.
import type { StorageBackend } from './auth-service.js';

export interface SecretStore {
  readonly backend: Exclude<StorageBackend, 'env'>;
  /** Undefined when there is no such entry; rejects when the store cannot be read. */
  get(account: string): Promise<string | undefined>;
  set(account: string, value: string): Promise<void>;
  /** Removing an entry that is not there is not an error. */
  delete(account: string): Promise<void>;
}

/** The keychain service name every Thalamus entry lives under. */
export const SECRET_SERVICE = 'Thalamus';

/** One entry per secret: keychains cap an entry's size (Windows: 2560 bytes), and JWTs are long. */
export const SECRET_ACCOUNTS = {
  accessToken: 'cursor-access-token',
  refreshToken: 'cursor-refresh-token',
  apiKey: 'cursor-api-key',
} as const;
