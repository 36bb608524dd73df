// `thalamus usage`: the JSON contract and the plain text a person reads, both from one UsageView.
import type { LocalDay, Pace, PlanMeters, PoolMeter, PoolName, UsageView } from '../../shared/usage.js';

/** One pool in the JSON: `pace` (added after the first contract) is that pool's own pace, an estimate like the total's. */
interface PoolJson {
  percentUsed: number | null;
  pace: number | null;
}

/**
 * The `thalamus usage --json` contract (fields are only ever added). Unknown figures are null;
 * `status` says why and which meters are estimates; every pace is an estimate (a projection).
 */
export interface UsageJson {
  plan: string | null;
  billingCycleEnd: string | null;
  pools: { auto: PoolJson; api: PoolJson };
  total: { percentUsed: number | null };
  onDemand: { usedCents: number | null; limitCents: number | null };
  /** Total percent used ÷ percent of the billing cycle elapsed. */
  pace: number | null;
  local: { today: { requests: number; inputTokens: number; outputTokens: number; byModel: LocalDay['byModel'] } };
  status: { state: PlanMeters['state']; reason: string | null; estimated: string[]; fetchedAt: string };
}

export function usageJson(view: UsageView): UsageJson {
  const { meters } = view;
  const { today } = view.local;
  const estimated = (['pools.auto', 'pools.api', 'total'] as const).filter((path) => meterAt(meters, path).estimate);
  return {
    plan: meters.plan,
    billingCycleEnd: meters.billingCycleEnd,
    pools: {
      auto: { percentUsed: meters.pools.auto.percentUsed, pace: view.pace?.pools.auto ?? null },
      api: { percentUsed: meters.pools.api.percentUsed, pace: view.pace?.pools.api ?? null },
    },
    total: { percentUsed: meters.total.percentUsed },
    onDemand: { usedCents: meters.onDemand.usedCents, limitCents: meters.onDemand.limitCents },
    pace: view.pace?.pace ?? null,
    local: { today: { requests: today.requests, inputTokens: today.inputTokens, outputTokens: today.outputTokens, byModel: today.byModel } },
    status: { state: meters.state, reason: meters.reason ?? null, estimated, fetchedAt: meters.fetchedAt },
  };
}

function meterAt(meters: PlanMeters, path: 'pools.auto' | 'pools.api' | 'total'): PoolMeter {
  return path === 'total' ? meters.total : meters.pools[path === 'pools.auto' ? 'auto' : 'api'];
}

export function usageText(view: UsageView, now: Date): string {
  const { meters, pace } = view;
  const lines: string[] = [];
  const cycle = meters.billingCycleEnd ? ` — resets ${shortDate(meters.billingCycleEnd)} (${untilText(meters.billingCycleEnd, now)})` : '';
  lines.push(`Cursor plan: ${meters.plan ?? 'unknown'}${cycle}`);
  if (meters.state === 'unknown') {
    lines.push(`  usage unknown: ${meters.reason ?? 'Cursor did not say'}`);
  } else {
    lines.push(meterLine('API', meters.pools.api) + poolPaceText(pace, 'api'));
    lines.push(meterLine('Auto + Composer', meters.pools.auto) + poolPaceText(pace, 'auto'));
    lines.push(meterLine('Total', meters.total) + (pace ? `   ${pace.cycleElapsedPercent} % of the cycle gone` : ''));
    lines.push(`  ${'On-demand'.padEnd(16)}${onDemandText(meters.onDemand)}`);
    if (meters.reason) lines.push(`  note: ${meters.reason}`);
  }
  const { today } = view.local;
  lines.push('');
  lines.push(`Today through Thalamus: ${today.requests} request${today.requests === 1 ? '' : 's'}, ${tokens(today.inputTokens)} in / ${tokens(today.outputTokens)} out tokens`);
  const models = Object.entries(today.byModel).sort((a, b) => b[1].requests - a[1].requests);
  for (const [model, tally] of models) {
    lines.push(`  ${model.padEnd(24)} ${String(tally.requests).padStart(5)} req  ${tokens(tally.inputTokens).padStart(7)} in  ${tokens(tally.outputTokens).padStart(7)} out`);
  }
  const { dailyRequestLimit, apiPoolStopPercent } = view.limits;
  if (dailyRequestLimit.value !== null || apiPoolStopPercent.value !== null) {
    lines.push('');
    if (dailyRequestLimit.value !== null) lines.push(`Daily request limit: ${today.requests} of ${dailyRequestLimit.value}`);
    if (apiPoolStopPercent.value !== null) lines.push(`Named models stop at ${apiPoolStopPercent.value} % of the API pool`);
  }
  return lines.join('\n') + '\n';
}

/** A pool's pace after its bar: an estimate, so it says so. */
function poolPaceText(pace: Pace | null, pool: PoolName): string {
  const value = pace?.pools[pool];
  return value == null ? '' : `   pace ${value.toFixed(2)}× (estimate)`;
}

function meterLine(label: string, meter: PoolMeter): string {
  if (meter.percentUsed === null) return `  ${label.padEnd(16)}unknown`;
  const shown = `${round(meter.percentUsed)} %${meter.estimate ? ' (estimate)' : ''}`;
  return `  ${label.padEnd(16)}${bar(meter.percentUsed)} ${shown}`;
}

function bar(percent: number, width = 20): string {
  const filled = Math.round((Math.min(100, Math.max(0, percent)) / 100) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

export function onDemandText(onDemand: PlanMeters['onDemand']): string {
  const team = onDemand.scope === 'team' ? ' (team pool)' : '';
  switch (onDemand.state) {
    case 'off':
      return 'off';
    case 'unlimited':
      return `${onDemand.usedCents === null ? 'unknown' : dollars(onDemand.usedCents)} spent, no limit${team}`;
    case 'on':
      return `${onDemand.usedCents === null ? 'unknown' : dollars(onDemand.usedCents)} of ${dollars(onDemand.limitCents ?? 0)}${team}`;
    default:
      return 'unknown';
  }
}

function dollars(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function tokens(count: number): string {
  if (count >= 1_000_000) return `${(count / 1_000_000).toFixed(1)}M`;
  if (count >= 1_000) return `${(count / 1_000).toFixed(1)}k`;
  return String(count);
}

function shortDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
}

/** "in 3 days", "in 5 hours", "now". */
function untilText(iso: string, now: Date): string {
  const ms = Date.parse(iso) - now.getTime();
  if (ms <= 0) return 'now';
  const hours = ms / 3_600_000;
  if (hours < 1) return `in ${Math.max(1, Math.round(ms / 60_000))} min`;
  if (hours < 48) return `in ${Math.round(hours)} hours`;
  return `in ${Math.round(hours / 24)} days`;
}
