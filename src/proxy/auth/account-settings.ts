// What Thalamus remembers about the login besides the tokens: method, storage backend, email,
// expiry and the needs-login flag, in a small JSON in the config dir. Never a token: other
// processes (`thalamus status`, the app) read it without touching the keychain.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileIfExists, writeFileAtomic } from '../util/files.js';
import type { AccountStatus, StorageBackend } from './auth-service.js';

export type LoginMethod = NonNullable<AccountStatus['method']>;

export interface AccountSettings {
  method: LoginMethod;
  storage: Exclude<StorageBackend, 'env'>;
  email?: string;
  /** ISO time of the access token's expiry. */
  expiresAt?: string;
  /** A refresh was refused: the user must log in again. */
  needsLogin?: boolean;
  /** Why, in words for the user (no secrets). */
  needsLoginReason?: string;
  /** ISO time the login (or its last refresh) was saved; tells a new login from an old one. */
  savedAt: string;
}

export const ACCOUNT_SETTINGS_FILE = 'account.json';

const METHODS: ReadonlySet<string> = new Set<LoginMethod>(['browser', 'api-key', 'token', 'import-cursor-agent', 'import-cursor-ide']);
const STORAGES: ReadonlySet<string> = new Set<AccountSettings['storage']>(['keychain', 'safe-storage-file', 'file']);

export async function readAccountSettings(configDir: string): Promise<AccountSettings | undefined> {
  const text = await readFileIfExists(join(configDir, ACCOUNT_SETTINGS_FILE));
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (typeof record.method !== 'string' || !METHODS.has(record.method)) return undefined;
  if (typeof record.storage !== 'string' || !STORAGES.has(record.storage)) return undefined;
  return {
    method: record.method as LoginMethod,
    storage: record.storage as AccountSettings['storage'],
    email: optionalString(record.email),
    expiresAt: optionalString(record.expiresAt),
    needsLogin: record.needsLogin === true ? true : undefined,
    needsLoginReason: optionalString(record.needsLoginReason),
    savedAt: optionalString(record.savedAt) ?? '',
  };
}

export async function writeAccountSettings(configDir: string, settings: AccountSettings): Promise<void> {
  await writeFileAtomic(join(configDir, ACCOUNT_SETTINGS_FILE), JSON.stringify(settings, null, 2) + '\n', 0o600);
}

export async function clearAccountSettings(configDir: string): Promise<void> {
  await rm(join(configDir, ACCOUNT_SETTINGS_FILE), { force: true });
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
