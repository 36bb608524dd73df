// aiserver.v1.DashboardService in Connect JSON (cursor-limits §1): GetCurrentPeriodUsage,
// GetPlanInfo and GetHardLimit, answered from the fake's account (account.ts: plan, cycle, pools, on-demand)
// in the shape a real account of each kind sends: a pooled individual plan, a team plan (pooled
// on-demand budget), a legacy request plan (summary sentences, no planUsage), a free plan. Tests
// can also drop fields, send bytes that are not JSON, or fail a method.
import type { ServerHttp2Stream } from 'node:http2';
import { respondError, readBody } from './unary.js';
import type { FakeAccountState } from './account.js';
import type { FakeError } from './types.js';

export const DASHBOARD_PREFIX = '/aiserver.v1.DashboardService/';

export type DashboardShape = 'pools' | 'team' | 'legacy-requests' | 'free';
type Method = 'GetCurrentPeriodUsage' | 'GetPlanInfo' | 'GetHardLimit';

export interface DashboardScript {
  shape: DashboardShape;
  /** Dotted paths removed from the answers ("planUsage.apiPercentUsed", "billingCycleEnd"). */
  omit: string[];
  /** A method answers these bytes as-is (200, application/json). */
  raw: Partial<Record<Method, string>>;
  /** A method fails with this error. */
  errors: Partial<Record<Method, FakeError>>;
}

const UNLIMITED_DOLLARS = 2147483647;

export class FakeDashboard {
  /** Every call, in order. */
  readonly calls: Method[] = [];
  private script: DashboardScript = { shape: 'pools', omit: [], raw: {}, errors: {} };

  constructor(private readonly account: () => Readonly<FakeAccountState>) {}

  /** Changes how the answers look from now on; unspecified parts are reset. */
  setScript(script: Partial<DashboardScript>): void {
    this.script = { shape: 'pools', omit: [], raw: {}, errors: {}, ...script };
  }

  async handle(stream: ServerHttp2Stream, path: string, headers: Record<string, string>, authError: FakeError | undefined): Promise<void> {
    await readBody(stream);
    const method = path.slice(DASHBOARD_PREFIX.length) as Method;
    const answer = this.answers()[method];
    if (!answer) return respondError(stream, { code: 'unimplemented', message: `no such procedure: ${path}`, httpStatus: 404 });
    this.calls.push(method);
    if (headers['content-type']?.split(';')[0].trim() !== 'application/json') {
      return respondError(stream, { code: 'unknown', message: 'this fake serves the dashboard in JSON only', httpStatus: 415 });
    }
    if (authError) return respondError(stream, authError);
    const failure = this.script.errors[method];
    if (failure) return respondError(stream, failure);
    stream.respond({ ':status': 200, 'content-type': 'application/json' });
    stream.end(this.script.raw[method] ?? JSON.stringify(without(answer, this.script.omit)));
  }

  private answers(): Record<Method, Record<string, unknown>> {
    const account = this.account();
    const { shape } = this.script;
    const { auto, api } = account.percentUsed;
    // The fake's "total" is the plain mean of the two pools; Cursor's own weighting is not public.
    const total = Math.round(((auto + api) / 2) * 10) / 10;
    const cycle = {
      // int64 fields travel as strings in proto3 JSON.
      billingCycleStart: String(account.billingCycleStart.getTime()),
      billingCycleEnd: String(account.billingCycleEnd.getTime()),
    };
    const onDemand = account.onDemand;
    const spendLimitUsage =
      shape === 'team'
        ? { pooledLimit: onDemand.limitCents, pooledRemaining: onDemand.limitCents - onDemand.usedCents }
        : { individualLimit: onDemand.limitCents, individualRemaining: onDemand.limitCents - onDemand.usedCents };
    const includedCents = 2000;
    let usage: Record<string, unknown>;
    if (shape === 'free') {
      usage = { ...cycle, enabled: false, displayMessage: 'You are on the free plan' };
    } else if (shape === 'legacy-requests') {
      usage = { ...cycle, enabled: true, displayMessage: `You've used ${Math.round(total)}% of your included usage` };
    } else {
      usage = {
        ...cycle,
        enabled: true,
        displayMessage: `You've used ${Math.round(total)}% of your included usage`,
        planUsage: {
          totalSpend: Math.round((total / 100) * includedCents) + onDemand.usedCents,
          includedSpend: Math.round((Math.min(total, 100) / 100) * includedCents),
          bonusSpend: 0,
          remaining: Math.max(0, includedCents - Math.round((total / 100) * includedCents)),
          limit: includedCents,
          totalPercentUsed: total,
          autoPercentUsed: auto,
          apiPercentUsed: api,
          totalDisplayMessage: `${Math.round(total)}% of your plan used`,
          autoDisplayMessage: `Auto + Composer: ${Math.round(auto)}% used`,
          apiDisplayMessage: `API: ${Math.round(api)}% used`,
        },
        spendLimitUsage,
      };
    }
    return {
      GetCurrentPeriodUsage: usage,
      GetPlanInfo: { planInfo: { planName: shape === 'free' ? 'Free' : account.planName } },
      GetHardLimit: onDemand.enabled ? { hardLimit: onDemand.limitCents > 0 ? Math.round(onDemand.limitCents / 100) : UNLIMITED_DOLLARS } : { noUsageBasedAllowed: true },
    };
  }
}

function without(answer: Record<string, unknown>, paths: string[]): Record<string, unknown> {
  const copy = structuredClone(answer);
  for (const path of paths) {
    const keys = path.split('.');
    let target: Record<string, unknown> | undefined = copy;
    for (const key of keys.slice(0, -1)) target = target?.[key] as Record<string, unknown> | undefined;
    if (target) delete target[keys.at(-1)!];
  }
  return copy;
}
