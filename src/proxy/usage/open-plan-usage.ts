// The plan meters wired to Cursor: a DashboardService client on its own HTTP/2 session (idle
// sessions do not keep the process alive) behind the PlanUsage cache.
import type { TokenProvider } from '../auth/token-provider.js';
import { clientVersionHeader, resolveClientVersion } from '../cursor/client-version.js';
import { Http2Transport } from '../cursor/transport.js';
import { fetchDashboard } from './dashboard.js';
import { PlanUsage } from './plan-usage.js';

export interface OpenPlanUsageOptions {
  baseUrl: string;
  tokenProvider: TokenProvider;
  /** With or without `cli-`; default: the installed cursor-agent's, else the built-in one. */
  clientVersion?: string;
  /** Shares the meters with the CLI and the statusline. */
  configDir?: string;
  /** PEM trust anchors replacing the default store (tests). */
  ca?: string | Buffer;
  /** How long meters stay fresh when no request flows (PlanUsage's default: ten minutes). */
  idleTtlMs?: number;
}

export interface OpenPlanUsage {
  meters: PlanUsage;
  close(): Promise<void>;
}

export function openPlanUsage(options: OpenPlanUsageOptions): OpenPlanUsage {
  const transport = new Http2Transport({ ca: options.ca });
  const clientVersion = options.clientVersion ? clientVersionHeader(options.clientVersion) : resolveClientVersion();
  const meters = new PlanUsage({
    configDir: options.configDir,
    idleTtlMs: options.idleTtlMs,
    fetch: () => fetchDashboard({ transport, baseUrl: options.baseUrl, tokenProvider: options.tokenProvider, clientVersion }),
  });
  return { meters, close: () => transport.close() };
}
