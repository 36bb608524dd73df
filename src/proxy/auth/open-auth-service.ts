// The AuthService as the CLI and the gateway open it from the environment: config dir and
// hosts from the configuration contract, the keychain probed, imports from the OS paths.
import { readEnvConfig } from '../app/config.js';
import { stripTokenPrefix } from '../cursor/jwt.js';
import type { Logger } from '../log/logger.js';
import { CursorAuthService, DEFAULT_LOGIN_BASE_URL, type CursorAuthServiceOptions } from './cursor-auth-service.js';
import type { StringCipher } from './file-secret-store.js';
import { loadKeychainBinding } from './keychain-store.js';
import { defaultImportSources, keychainReader } from './login-import.js';
import { openSecretStorage } from './secret-storage.js';

export interface OpenAuthServiceOptions extends Partial<Omit<CursorAuthServiceOptions, 'configDir' | 'apiBaseUrl' | 'storage'>> {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  logger?: Logger;
  /** Electron's safeStorage (the desktop app): the fallback when the keychain does not work. */
  safeStorage?: StringCipher;
  /** Default: THALAMUS_KEYCHAIN=off turns it off, else probe. */
  keychain?: 'auto' | 'off';
}

/**
 * Environment: THALAMUS_CONFIG_DIR, THALAMUS_CURSOR_BASE_URL (auth API), THALAMUS_CURSOR_LOGIN_URL
 * (login page, default https://cursor.com), THALAMUS_CURSOR_TOKEN (overrides any login),
 * THALAMUS_KEYCHAIN=off (skip the OS keychain).
 */
export async function openAuthService(options: OpenAuthServiceOptions = {}): Promise<CursorAuthService> {
  const { env = process.env, platform = process.platform, safeStorage, keychain, ...rest } = options;
  const config = readEnvConfig(env, platform);
  const storage = await openSecretStorage({
    configDir: config.configDir,
    keychain: keychain ?? (env.THALAMUS_KEYCHAIN === 'off' ? 'off' : 'auto'),
    safeStorage,
    logger: options.logger,
  });
  return CursorAuthService.create({
    configDir: config.configDir,
    apiBaseUrl: config.cursorBaseUrl,
    loginBaseUrl: env.THALAMUS_CURSOR_LOGIN_URL || DEFAULT_LOGIN_BASE_URL,
    storage,
    envToken: config.cursorToken ? stripTokenPrefix(config.cursorToken) : undefined,
    importSources: defaultImportSources({ env, platform }, keychainReader(loadKeychainBinding)),
    ...rest,
  });
}
