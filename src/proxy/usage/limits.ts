// The limits a user sets on the gateway: a daily request cap, an API-pool stop percentage and
// the loop guard's count. The environment wins; otherwise the UI's settings.json (re-read when
// it changes, so a change in the UI applies to the next request without a restart).
import { stat } from 'node:fs/promises';
import type { LimitSetting, LimitsView } from '../../shared/usage.js';
import { SettingsStore } from '../settings-store.js';

export const DAILY_REQUEST_LIMIT_ENV = 'THALAMUS_DAILY_REQUEST_LIMIT';
export const API_POOL_STOP_PERCENT_ENV = 'THALAMUS_API_POOL_STOP_PERCENT';
export const LOOP_LIMIT_ENV = 'THALAMUS_LOOP_LIMIT';
export const DEFAULT_LOOP_LIMIT = 5;

export interface EnvLimits {
  dailyRequestLimit?: number;
  apiPoolStopPercent?: number;
  loopLimit: number;
}

/** Reads the limit variables; a value that is not a positive whole number (a percent: 1–100) is an error that names it. */
export function readEnvLimits(env: NodeJS.ProcessEnv): EnvLimits {
  return {
    dailyRequestLimit: positiveInteger(env, DAILY_REQUEST_LIMIT_ENV, Number.MAX_SAFE_INTEGER),
    apiPoolStopPercent: positiveInteger(env, API_POOL_STOP_PERCENT_ENV, 100),
    loopLimit: positiveInteger(env, LOOP_LIMIT_ENV, 1000) ?? DEFAULT_LOOP_LIMIT,
  };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, max: number): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be a whole number from 1 to ${max === Number.MAX_SAFE_INTEGER ? 'any size' : max}, got '${raw}'`);
  }
  return value;
}

export class Limits {
  private fromSettings: { dailyRequestLimit: number | null; apiPoolStopPercent: number | null } = { dailyRequestLimit: null, apiPoolStopPercent: null };
  private settingsVersion = -1;
  private reloading?: Promise<void>;
  private readonly store?: SettingsStore;

  constructor(
    private readonly env: EnvLimits,
    configDir?: string,
  ) {
    this.store = configDir ? new SettingsStore(configDir) : undefined;
  }

  get loopLimit(): number {
    return this.env.loopLimit;
  }

  /** The limits in force now, and where each came from. */
  async view(): Promise<LimitsView> {
    await this.reloadIfChanged();
    return {
      dailyRequestLimit: pick(this.env.dailyRequestLimit, this.fromSettings.dailyRequestLimit),
      apiPoolStopPercent: pick(this.env.apiPoolStopPercent, this.fromSettings.apiPoolStopPercent),
    };
  }

  /** Concurrent callers share one read, and none returns before the file it saw is read. */
  private async reloadIfChanged(): Promise<void> {
    const store = this.store;
    if (!store) return;
    for (;;) {
      const version = await stat(store.path).then((info) => info.mtimeMs, () => 0);
      if (version === this.settingsVersion) return;
      this.reloading ??= store
        .read()
        .catch(() => undefined)
        .then((settings) => {
          this.fromSettings = { dailyRequestLimit: settings?.dailyRequestLimit ?? null, apiPoolStopPercent: settings?.apiPoolStopPercent ?? null };
          this.settingsVersion = version;
        })
        .finally(() => {
          this.reloading = undefined;
        });
      await this.reloading;
    }
  }
}

function pick(fromEnv: number | undefined, fromSettings: number | null): LimitSetting {
  if (fromEnv !== undefined) return { value: fromEnv, source: 'env' };
  if (fromSettings !== null) return { value: fromSettings, source: 'settings' };
  return { value: null, source: 'default' };
}
