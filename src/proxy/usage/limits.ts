// The limits a user sets on the gateway: a daily request cap, an API-pool stop percentage and
// the loop guard's count. The environment wins; otherwise the UI's settings.json (re-read when
// it changes, so a change in the UI applies to the next request without a restart).
import type { LimitSetting, LimitsView } from '../../shared/usage.js';
import type { LiveSettings } from '../app/settings-store.js';

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
  constructor(
    private readonly env: EnvLimits,
    private readonly settings?: LiveSettings,
  ) {}

  get loopLimit(): number {
    return this.env.loopLimit;
  }

  /** The limits in force now, and where each came from. */
  view(): LimitsView {
    const fromSettings = this.settings?.current();
    return {
      dailyRequestLimit: pick(this.env.dailyRequestLimit, fromSettings?.dailyRequestLimit ?? null),
      apiPoolStopPercent: pick(this.env.apiPoolStopPercent, fromSettings?.apiPoolStopPercent ?? null),
    };
  }
}

function pick(fromEnv: number | undefined, fromSettings: number | null): LimitSetting {
  if (fromEnv !== undefined) return { value: fromEnv, source: 'env' };
  if (fromSettings !== null) return { value: fromSettings, source: 'settings' };
  return { value: null, source: 'default' };
}
