// Secrets in one JSON file in the config dir, written atomically with mode 0600. Two uses:
// plain (the headless fallback when there is no keychain) and encrypted per value with a
// cipher (Electron's safeStorage, injected by the desktop app).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileIfExists, writeFileAtomic } from '../util/files.js';
import type { SecretStore } from './secret-store.js';

/** How a value is written to the file and read back. */
export interface SecretCodec {
  encode(plain: string): string;
  decode(stored: string): string;
}

export const PLAIN_SECRETS_FILE = 'cursor-credentials.json';
export const ENCRYPTED_SECRETS_FILE = 'cursor-credentials.enc.json';

export class FileSecretStore implements SecretStore {
  // Read-modify-write of one file: calls run one after another.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly backend: 'file' | 'safe-storage-file',
    readonly path: string,
    private readonly codec: SecretCodec,
  ) {}

  get(account: string): Promise<string | undefined> {
    return this.serialized(async () => {
      const stored = (await this.read())[account];
      return stored === undefined ? undefined : this.codec.decode(stored);
    });
  }

  set(account: string, value: string): Promise<void> {
    return this.serialized(async () => {
      const entries = await this.read();
      entries[account] = this.codec.encode(value);
      await writeFileAtomic(this.path, JSON.stringify(entries, null, 2) + '\n', 0o600);
    });
  }

  delete(account: string): Promise<void> {
    return this.serialized(async () => {
      const entries = await this.read();
      if (!(account in entries)) return;
      delete entries[account];
      if (Object.keys(entries).length === 0) await rm(this.path, { force: true });
      else await writeFileAtomic(this.path, JSON.stringify(entries, null, 2) + '\n', 0o600);
    });
  }

  private async read(): Promise<Record<string, string>> {
    const text = await readFileIfExists(this.path);
    if (text === undefined) return {};
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${this.path} is not a JSON object`);
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => {});
    return result;
  }
}

const plainCodec: SecretCodec = { encode: (plain) => plain, decode: (stored) => stored };

/** The headless fallback: readable only by the user (0600), not encrypted. */
export function plainFileSecretStore(configDir: string): FileSecretStore {
  return new FileSecretStore('file', join(configDir, PLAIN_SECRETS_FILE), plainCodec);
}

/** Electron's `safeStorage` shape: the desktop app passes the real one, tests a fake. */
export interface StringCipher {
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Values encrypted with the cipher, stored base64 in a 0600 file. */
export function encryptedFileSecretStore(configDir: string, cipher: StringCipher): FileSecretStore {
  return new FileSecretStore('safe-storage-file', join(configDir, ENCRYPTED_SECRETS_FILE), {
    encode: (plain) => cipher.encryptString(plain).toString('base64'),
    decode: (stored) => cipher.decryptString(Buffer.from(stored, 'base64')),
  });
}
