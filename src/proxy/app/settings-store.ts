// The UI's settings (default model, small/fast model, opus/sonnet/haiku slots, port, open at login, fallback chains) as a small JSON file
// in the config dir. Patches are validated; a damaged file falls back to defaults key by key.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../../shared/thalamus-api.js';
import { DEFAULT_PORT } from './config.js';
import { readFileIfExists, writeFileAtomic } from '../util/files.js';
import { parseFallbackChains } from '../resilience/fallback-chain.js';

export const SETTINGS_FILE = 'settings.json';

/** Empty model ids: nothing is exported, Claude Code's own ids go through the model map. */
export const DEFAULT_SETTINGS: Readonly<Settings> = {
  port: DEFAULT_PORT,
  defaultModel: '',
  smallFastModel: '',
  opusModel: '',
  sonnetModel: '',
  haikuModel: '',
  openAtLogin: false,
  dailyRequestLimit: null,
  apiPoolStopPercent: null,
  fallback: '',
};

const MAX_MODEL_ID_LENGTH = 200;

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

type Validators = { [K in keyof Settings]: (value: unknown) => string | undefined };

const isModelId = (value: unknown) =>
  typeof value === 'string' && value.length <= MAX_MODEL_ID_LENGTH && !/[\s\p{Cc}]/u.test(value)
    ? undefined
    : `a model id (no spaces, at most ${MAX_MODEL_ID_LENGTH} characters)`;

/** What is wrong with a value, or undefined when it is fine. */
const VALIDATORS: Validators = {
  port: (value) => (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535 ? undefined : 'a port number (1–65535)'),
  defaultModel: isModelId,
  smallFastModel: isModelId,
  opusModel: isModelId,
  sonnetModel: isModelId,
  haikuModel: isModelId,
  openAtLogin: (value) => (typeof value === 'boolean' ? undefined : 'true or false'),
  fallback: (value) => {
    if (typeof value !== 'string') return 'chains like gpt-5.1>composer-1>default;claude-4.5-sonnet>default';
    try {
      parseFallbackChains(value);
      return undefined;
    } catch (error) {
      return `chains like gpt-5.1>composer-1>default (${(error as Error).message})`;
    }
  },
  dailyRequestLimit: (value) => (value === null || (Number.isInteger(value) && (value as number) >= 1) ? undefined : 'a whole number of requests (at least 1), or null for no limit'),
  apiPoolStopPercent: (value) =>
    value === null || (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 100) ? undefined : 'a whole percent (1–100), or null for no limit',
};

function isSettingsKey(key: string): key is keyof Settings {
  return Object.hasOwn(VALIDATORS, key);
}

/** Checks a patch from the UI: an object of known keys with valid values. */
export function validateSettingsPatch(patch: unknown): Partial<Settings> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new SettingsError('settings must be a JSON object');
  for (const [key, value] of Object.entries(patch)) {
    if (!isSettingsKey(key)) throw new SettingsError(`unknown setting "${key}"`);
    const problem = VALIDATORS[key](value);
    if (problem) throw new SettingsError(`${key} must be ${problem}`);
  }
  return patch as Partial<Settings>;
}

/**
 * The settings a file's text holds, over the defaults. Each valid key survives on its own, so
 * one bad value does not reset the rest; `onIgnored` hears why each dropped value was.
 */
export function parseSettings(text: string | undefined, onIgnored?: (why: string) => void): Settings {
  let stored: unknown;
  try {
    stored = text === undefined ? {} : JSON.parse(text);
  } catch {
    onIgnored?.('the file is not JSON');
    stored = {};
  }
  const settings: Settings = { ...DEFAULT_SETTINGS };
  if (typeof stored !== 'object' || stored === null) return settings;
  for (const [key, value] of Object.entries(stored)) {
    if (!isSettingsKey(key)) continue;
    const problem = VALIDATORS[key](value);
    if (problem === undefined) Object.assign(settings, { [key]: value });
    else onIgnored?.(`${key} must be ${problem}`);
  }
  return settings;
}

/**
 * The settings as the file holds them now, for the request path (limits, fallback chains): the
 * app's main process or the UI may change the file at any time. One synchronous stat per look
 * (microseconds); an fs.promises stat would queue behind the thread pool's disk work and once
 * cost a request 8 ms at p99. The file is read again only when it changed.
 */
export class LiveSettings {
  readonly path: string;
  private seen = '';
  private settings: Settings = { ...DEFAULT_SETTINGS };

  constructor(
    configDir: string,
    private readonly onIgnored?: (why: string) => void,
  ) {
    this.path = join(configDir, SETTINGS_FILE);
  }

  current(): Settings {
    const version = fileVersion(this.path);
    if (version !== this.seen) {
      this.seen = version;
      this.settings = parseSettings(version ? readTextIfExists(this.path) : undefined, this.onIgnored);
    }
    return this.settings;
  }
}

/** What tells one write of the file from another (an atomic write is a new inode); '' when absent. */
function fileVersion(path: string): string {
  const info = statSync(path, { throwIfNoEntry: false });
  return info ? `${info.ino}:${info.size}:${info.mtimeMs}` : '';
}

function readTextIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export class SettingsStore {
  readonly path: string;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(configDir: string) {
    this.path = join(configDir, SETTINGS_FILE);
  }

  async read(): Promise<Settings> {
    return parseSettings(await readFileIfExists(this.path));
  }

  /** Updates run one after another, so two quick patches cannot lose each other's change. */
  async update(patch: unknown): Promise<Settings> {
    const valid = validateSettingsPatch(patch);
    const next = this.pending.then(async () => {
      const settings = { ...(await this.read()), ...valid };
      await writeFileAtomic(this.path, JSON.stringify(settings, null, 2) + '\n', 0o644);
      return settings;
    });
    this.pending = next.catch(() => undefined);
    return next;
  }
}
