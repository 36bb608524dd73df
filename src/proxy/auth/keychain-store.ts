// The OS keychain through keytar (macOS Keychain, Windows Credential Manager, Secret Service on
// Linux). keytar is a native module loaded lazily, so a machine without it still runs on the
// file fallback. A probe decides whether the keychain really works before anything is stored.
import { randomBytes } from 'node:crypto';
import { SECRET_SERVICE, type SecretStore } from './secret-store.js';

/** The part of keytar's API Thalamus uses. */
export interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export async function loadKeytar(): Promise<KeytarModule> {
  const loaded = (await import('keytar')) as KeytarModule & { default?: KeytarModule };
  return loaded.default ?? loaded;
}

export class KeychainSecretStore implements SecretStore {
  readonly backend = 'keychain';

  constructor(
    private readonly keytar: KeytarModule,
    private readonly service = SECRET_SERVICE,
  ) {}

  async get(account: string): Promise<string | undefined> {
    return (await this.keytar.getPassword(this.service, account)) ?? undefined;
  }

  async set(account: string, value: string): Promise<void> {
    await this.keytar.setPassword(this.service, account, value);
  }

  async delete(account: string): Promise<void> {
    await this.keytar.deletePassword(this.service, account);
  }
}

const PROBE_ACCOUNT = 'keychain-probe';
export const KEYCHAIN_PROBE_TIMEOUT_MS = 3_000;

/**
 * Writes, reads back and deletes a probe entry. Resolves undefined when the keychain works,
 * else the reason it does not (no D-Bus, a locked keyring, a read that finds nothing after a
 * write — all seen in the wild, reference ecosystem §3d). A D-Bus session without a keyring
 * daemon makes libsecret wait 25 s per call, hence the timeout.
 */
export async function probeKeychain(store: SecretStore, timeoutMs = KEYCHAIN_PROBE_TIMEOUT_MS): Promise<string | undefined> {
  const value = randomBytes(12).toString('hex');
  const roundTrip = async () => {
    await store.set(PROBE_ACCOUNT, value);
    const readBack = await store.get(PROBE_ACCOUNT);
    await store.delete(PROBE_ACCOUNT);
    if (readBack !== value) throw new Error('an entry written to it could not be read back');
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`it did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([roundTrip(), timeout]);
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    clearTimeout(timer);
  }
}
