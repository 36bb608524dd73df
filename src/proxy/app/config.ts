// The configuration contract: environment variable names and defaults in one place.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_CURSOR_BASE_URL = 'https://api2.cursor.sh';
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 3013;

export interface EnvConfig {
  cursorBaseUrl: string;
  cursorToken?: string;
  clientVersion?: string;
  clientKey?: string;
  configDir: string;
  /** THALAMUS_FIRST_BYTE_TIMEOUT_MS; absent or not a positive number: the built-in default. */
  firstByteTimeoutMs?: number;
  /** THALAMUS_FALLBACK: the fallback chains, e.g. `gpt-5.1>composer-1>default;claude-4.5-sonnet>default`. */
  fallback?: string;
}

export function readEnvConfig(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): EnvConfig {
  return {
    cursorBaseUrl: env.THALAMUS_CURSOR_BASE_URL || DEFAULT_CURSOR_BASE_URL,
    cursorToken: env.THALAMUS_CURSOR_TOKEN || undefined,
    clientVersion: env.THALAMUS_CLIENT_VERSION || undefined,
    clientKey: env.THALAMUS_API_KEY || undefined,
    configDir: env.THALAMUS_CONFIG_DIR || defaultConfigDir(env, platform),
    firstByteTimeoutMs: positiveNumber(env.THALAMUS_FIRST_BYTE_TIMEOUT_MS),
    fallback: env.THALAMUS_FALLBACK?.trim() || undefined,
  };
}

function positiveNumber(text: string | undefined): number | undefined {
  const value = Number(text);
  return text && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The platform's app-config folder, the same one Electron's userData would use. */
export function defaultConfigDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Thalamus');
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Thalamus');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'thalamus');
}
