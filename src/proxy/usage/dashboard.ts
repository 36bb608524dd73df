// Cursor's plan and usage RPCs (aiserver.v1.DashboardService, cursor-limits §1): Connect unary
// calls in JSON, with the same token and host as the Agent API. Each answer is kept as the raw
// JSON it was; plan-meters.ts reads it. A failed call is a reason, never a thrown error: the
// meters show "unknown" and why, and no request ever waits on or fails with them.
import { randomUUID } from 'node:crypto';
import type { TokenProvider } from '../auth/token-provider.js';
import { unaryHeaders } from '../cursor/headers.js';
import type { Http2Transport } from '../cursor/transport.js';
import { callUnary } from '../cursor/unary.js';
import { UpstreamError } from '../events.js';

export const DASHBOARD_SERVICE_PATH = '/aiserver.v1.DashboardService/';
export const DASHBOARD_METHODS = ['GetCurrentPeriodUsage', 'GetPlanInfo', 'GetHardLimit'] as const;
export type DashboardMethod = (typeof DASHBOARD_METHODS)[number];

const DASHBOARD_TIMEOUT_MS = 10_000;

/** One call's outcome: the answer's JSON, or why there is none. */
export type DashboardAnswer = { ok: true; json: unknown } | { ok: false; reason: string; unauthenticated?: boolean };

export type DashboardAnswers = Record<DashboardMethod, DashboardAnswer>;

export interface DashboardClientOptions {
  transport: Http2Transport;
  baseUrl: string;
  tokenProvider: TokenProvider;
  /** The full `cli-<version>` header value. */
  clientVersion: string;
}

/**
 * Asks all three methods at once. A refused token is reported, not refreshed: the engine
 * refreshes on its own 401, and the next ask uses the new token.
 */
export async function fetchDashboard(options: DashboardClientOptions): Promise<DashboardAnswers> {
  let accessToken: string;
  try {
    accessToken = await options.tokenProvider.getAccessToken();
  } catch (error) {
    const failed: DashboardAnswer = { ok: false, reason: `no Cursor token (${(error as Error).message})`, unauthenticated: true };
    return { GetCurrentPeriodUsage: failed, GetPlanInfo: failed, GetHardLimit: failed };
  }
  const entries = await Promise.all(DASHBOARD_METHODS.map(async (method) => [method, await ask(options, method, accessToken)] as const));
  return Object.fromEntries(entries) as DashboardAnswers;
}

async function ask(options: DashboardClientOptions, method: DashboardMethod, accessToken: string): Promise<DashboardAnswer> {
  const headers = { ...unaryHeaders({ accessToken, clientVersion: options.clientVersion, requestId: randomUUID() }), 'content-type': 'application/json' };
  let body: Uint8Array;
  try {
    body = await callUnary({
      transport: options.transport,
      url: new URL(DASHBOARD_SERVICE_PATH + method, options.baseUrl),
      headers,
      body: new TextEncoder().encode('{}'),
      timeoutMs: DASHBOARD_TIMEOUT_MS,
    });
  } catch (error) {
    if (!(error instanceof UpstreamError)) return { ok: false, reason: `${method} failed: ${(error as Error).message}` };
    // 401 and 403 both mean a bad or expired token here (cursor-limits §1).
    const unauthenticated = error.kind === 'unauthenticated' || error.wireCode === 'permission_denied' || error.wireCode === 'http_403';
    const reason = unauthenticated ? 'Cursor refused the token (log in again)' : `${method} failed: ${error.message}`;
    return { ok: false, reason, unauthenticated };
  }
  try {
    return { ok: true, json: JSON.parse(Buffer.from(body).toString('utf8')) as unknown };
  } catch {
    return { ok: false, reason: `${method} answered something that is not JSON` };
  }
}
