// Read-only import of a login Cursor's own apps already made (reference §6.5): cursor-agent's
// auth.json (and on macOS its keychain entries), then the Cursor IDE's state.vscdb.
import { readFileIfExists } from '../util/files.js';
import type { KeychainBinding } from './keychain-store.js';
import { CURSOR_AGENT_KEYCHAIN, cursorAgentAuthFiles, cursorIdeStateDb, type PlatformEnv } from './cursor-paths.js';
import { readSqliteValues } from './sqlite-read.js';

export interface ImportedLogin {
  accessToken?: string;
  refreshToken?: string;
  apiKey?: string;
  email?: string;
}

export interface ImportSource {
  method: 'import-cursor-agent' | 'import-cursor-ide';
  /** Where it looks, for messages. */
  description: string;
  /** Undefined when there is nothing there; rejects when the place exists but cannot be read. */
  read(): Promise<ImportedLogin | undefined>;
}

/** Reads one keychain entry of another app; undefined when absent. */
export type KeychainReader = (service: string, account: string) => Promise<string | undefined>;

export function keychainReader(load: () => Promise<KeychainBinding>): KeychainReader {
  return async (service, account) => (await (await load()).getPassword(service, account)) ?? undefined;
}

export function cursorAgentFileSource(path: string): ImportSource {
  return {
    method: 'import-cursor-agent',
    description: `cursor-agent login ${path}`,
    async read() {
      const text = await readFileIfExists(path);
      if (text === undefined) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Error(`${path} is not valid JSON`);
      }
      const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
      return nonEmptyLogin({ accessToken: stringField(record.accessToken), refreshToken: stringField(record.refreshToken), apiKey: stringField(record.apiKey) });
    },
  };
}

export function cursorAgentKeychainSource(readKeychain: KeychainReader): ImportSource {
  const { account, services } = CURSOR_AGENT_KEYCHAIN;
  return {
    method: 'import-cursor-agent',
    description: 'cursor-agent login in the macOS keychain',
    async read() {
      const [accessToken, refreshToken, apiKey] = await Promise.all(
        [services.accessToken, services.refreshToken, services.apiKey].map((service) => readKeychain(service, account)),
      );
      return nonEmptyLogin({ accessToken, refreshToken, apiKey });
    },
  };
}

export const CURSOR_IDE_KEYS = {
  accessToken: 'cursorAuth/accessToken',
  refreshToken: 'cursorAuth/refreshToken',
  email: 'cursorAuth/cachedEmail',
} as const;

export function cursorIdeSource(dbPath: string): ImportSource {
  return {
    method: 'import-cursor-ide',
    description: `Cursor IDE login ${dbPath}`,
    async read() {
      const values = await readSqliteValues(dbPath, 'ItemTable', Object.values(CURSOR_IDE_KEYS));
      if (!values) return undefined;
      const value = (key: string) => stringField(unquote(values.get(key)));
      return nonEmptyLogin({
        accessToken: value(CURSOR_IDE_KEYS.accessToken),
        refreshToken: value(CURSOR_IDE_KEYS.refreshToken),
        email: value(CURSOR_IDE_KEYS.email),
      });
    },
  };
}

/** cursor-agent first (its keychain on macOS, then its file), then the IDE. */
export function defaultImportSources(where: PlatformEnv, readKeychain: KeychainReader): ImportSource[] {
  return [
    ...(where.platform === 'darwin' ? [cursorAgentKeychainSource(readKeychain)] : []),
    ...cursorAgentAuthFiles(where).map(cursorAgentFileSource),
    cursorIdeSource(cursorIdeStateDb(where)),
  ];
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** VS Code stores most values raw, some JSON-encoded: accept both. */
function unquote(value: string | undefined): string | undefined {
  if (value === undefined || !value.startsWith('"')) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' ? parsed : value;
  } catch {
    return value;
  }
}

function nonEmptyLogin(login: ImportedLogin): ImportedLogin | undefined {
  return login.accessToken || login.apiKey ? login : undefined;
}
