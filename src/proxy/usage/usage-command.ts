// `thalamus usage [--json] [--refresh]`: the plan meters (from what a running gateway shared in
// the last minute, else asked of Cursor with the saved login), today's local accounting and the
// limits, as JSON (the contract in usage-report.ts) or text.
import type { TokenProvider } from '../auth/token-provider.js';
import { readEnvConfig } from '../app/config.js';
import { LiveSettings } from '../app/settings-store.js';
import { Limits, readEnvLimits } from './limits.js';
import { LocalUsage } from './local-usage.js';
import { ACTIVE_TTL_MS } from './plan-usage.js';
import { openPlanUsage } from './open-plan-usage.js';
import { usageJson, usageText } from './usage-report.js';
import { UsageService } from './usage-service.js';

export interface UsageCommandOptions {
  json: boolean;
  refresh: boolean;
  tokenProvider: TokenProvider;
  env?: NodeJS.ProcessEnv;
  out: (text: string) => void;
}

export async function usageCommand(options: UsageCommandOptions): Promise<number> {
  const env = options.env ?? process.env;
  const config = readEnvConfig(env);
  const limits = new Limits(readEnvLimits(env), new LiveSettings(config.configDir));
  // A person asking wants figures at most a minute old, whether a gateway is running or not.
  const plan = openPlanUsage({ baseUrl: config.cursorBaseUrl, tokenProvider: options.tokenProvider, clientVersion: config.clientVersion, configDir: config.configDir, idleTtlMs: ACTIVE_TTL_MS });
  try {
    if (!options.refresh) await plan.meters.loadShared();
    const local = new LocalUsage();
    await local.seedFromLog(config.configDir);
    const view = await new UsageService(plan.meters, local, limits).view({ refresh: options.refresh });
    options.out(options.json ? JSON.stringify(usageJson(view), null, 2) + '\n' : usageText(view, new Date()));
    return 0;
  } finally {
    await plan.close();
  }
}
