// The OS keychain through @napi-rs/keyring (macOS Keychain, Windows Credential Manager, Secret
// Service on Linux; prebuilt binaries shipped as npm packages, so nothing is compiled at install).
// Loaded lazily, so a machine without a binary for its platform still runs on the file fallback.
// A probe decides whether the keychain really works before anything is stored.
import { randomBytes } from 'node:crypto';
import { SECRET_SERVICE, type SecretStore } from './secret-store.js';

/** Keychain entries addressed by service and account: all Thalamus needs from the binding. */
export interface KeychainBinding {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export async function loadKeychainBinding(): Promise<KeychainBinding> {
  const { AsyncEntry } = await import('@napi-rs/keyring');
  // On Linux the binding would silently fall back to the kernel keyring, which forgets everything
  // at reboot; pinned to the Secret Service, a machine without one fails the probe instead and
  // gets the visible file fallback. The option is ignored on macOS and Windows.
  const entry = (service: string, account: string) => new AsyncEntry(service, account, { linux: { store: 'secret-service' } });
  return {
    getPassword: (service, account) => entry(service, account).getPassword(),
    setPassword: (service, account, password) => entry(service, account).setPassword(password),
    deletePassword: (service, account) => entry(service, account).deletePassword(),
  };
}

export class KeychainSecretStore implements SecretStore {
  readonly backend = 'keychain';

  constructor(
    private readonly keychain: KeychainBinding,
    private readonly service = SECRET_SERVICE,
  ) {}

  async get(account: string): Promise<string | undefined> {
    return (await this.keychain.getPassword(this.service, account)) ?? undefined;
  }

  async set(account: string, value: string): Promise<void> {
    await this.keychain.setPassword(this.service, account, value);
  }

  async delete(account: string): Promise<void> {
    await this.keychain.deletePassword(this.service, account);
  }
}

const PROBE_ACCOUNT = 'keychain-probe';
export const KEYCHAIN_PROBE_TIMEOUT_MS = 3_000;

/**
 * Writes, reads back and deletes a probe entry. Resolves undefined when the keychain works,
 * else the reason it does not (no D-Bus, a locked keyring, a read that finds nothing after a
 * write — all seen in the wild, reference ecosystem §3d). A D-Bus session without a keyring
 * daemon can leave a call waiting for 25 s (D-Bus's default reply timeout), hence the timeout.
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
