// Cursor's three dashboard answers → one PlanMeters (cursor-limits §1–2). Pure. Handles the
// pooled plans (Auto + API), legacy request plans (only summary sentences: their percentage is
// read from the words and marked an estimate), team plans (pooled on-demand budget), free plans
// and missing fields: what Cursor did not say stays null.
import type { OnDemandState, PlanMeters, PoolMeter } from '../../shared/usage.js';
import type { DashboardAnswers } from './dashboard.js';
import { booleanAt, numberAt, objectAt, stringAt, type JsonObject } from './json-read.js';

/** GetHardLimit's "no limit" (int32 max, whole dollars). */
const UNLIMITED_DOLLARS = 2147483647;
const PERCENT_IN_WORDS = /(\d+(?:\.\d+)?)\s*%/;

const unknownMeter = (): PoolMeter => ({ percentUsed: null, estimate: false });
const meter = (percentUsed: number | undefined): PoolMeter => (percentUsed === undefined ? unknownMeter() : { percentUsed, estimate: false });

export function readMeters(answers: DashboardAnswers, now: Date): PlanMeters {
  const usageAnswer = answers.GetCurrentPeriodUsage;
  const usage = usageAnswer.ok ? objectAt(usageAnswer.json) : undefined;
  const planInfo = answers.GetPlanInfo.ok ? objectAt(answers.GetPlanInfo.json, 'planInfo') : undefined;
  const hardLimit = answers.GetHardLimit.ok ? objectAt(answers.GetHardLimit.json) : undefined;
  const plan = stringAt(planInfo, 'planName') ?? null;
  const missing: string[] = [];
  if (!answers.GetPlanInfo.ok) missing.push(`plan name: ${answers.GetPlanInfo.reason}`);

  if (!usage) {
    const reason = usageAnswer.ok ? 'Cursor answered GetCurrentPeriodUsage with something that is not an object' : usageAnswer.reason;
    return { ...emptyMeters(now), plan, reason, kind: isFreeName(plan) ? 'free' : 'unknown' };
  }

  const planUsage = objectAt(usage, 'planUsage');
  const messages = summaries(usage, planUsage);
  const cycleStart = epochIso(numberAt(usage, 'billingCycleStart'));
  const cycleEnd = epochIso(numberAt(usage, 'billingCycleEnd'));
  if (!cycleEnd) missing.push('billing cycle end not given');

  let kind: PlanMeters['kind'];
  let pools = { auto: unknownMeter(), api: unknownMeter() };
  let total = unknownMeter();
  if (planUsage) {
    kind = 'pools';
    pools = { auto: meter(numberAt(planUsage, 'autoPercentUsed')), api: meter(numberAt(planUsage, 'apiPercentUsed')) };
    total = meter(numberAt(planUsage, 'totalPercentUsed'));
    if (total.percentUsed === null) total = spendShare(planUsage);
    if (pools.auto.percentUsed === null || pools.api.percentUsed === null) missing.push('a pool meter not given');
    if (total.percentUsed === null) missing.push('total not given');
  } else if (booleanAt(usage, 'enabled') === false || isFreeName(plan)) {
    kind = 'free';
    missing.push('no paid plan: no included usage pools');
  } else {
    const sentence = messages.find((message) => PERCENT_IN_WORDS.test(message));
    kind = sentence ? 'requests' : 'unknown';
    if (sentence) total = { percentUsed: Number(PERCENT_IN_WORDS.exec(sentence)![1]), estimate: true };
    missing.push(sentence ? 'a request-based plan: only the total, read from Cursor\u2019s summary (approximate)' : 'Cursor gave no usage figures');
  }

  const onDemand = readOnDemand(objectAt(usage, 'spendLimitUsage'), hardLimit);
  if (!answers.GetHardLimit.ok && onDemand.state === 'unknown') missing.push(`on-demand limit: ${answers.GetHardLimit.reason}`);
  return {
    state: missing.length === 0 ? 'known' : 'partial',
    reason: missing.length ? missing.join('; ') : undefined,
    fetchedAt: now.toISOString(),
    plan,
    kind,
    billingCycleStart: cycleStart,
    billingCycleEnd: cycleEnd,
    pools,
    total,
    onDemand,
    messages,
  };
}

export function emptyMeters(now: Date): PlanMeters {
  return {
    state: 'unknown',
    fetchedAt: now.toISOString(),
    plan: null,
    kind: 'unknown',
    billingCycleStart: null,
    billingCycleEnd: null,
    pools: { auto: unknownMeter(), api: unknownMeter() },
    total: unknownMeter(),
    onDemand: { usedCents: null, limitCents: null, state: 'unknown', scope: null },
    messages: [],
  };
}

/** Without totalPercentUsed: included spend over the included limit, marked as an estimate. */
function spendShare(planUsage: JsonObject): PoolMeter {
  const spent = numberAt(planUsage, 'includedSpend');
  const limit = numberAt(planUsage, 'limit');
  if (spent === undefined || !limit) return unknownMeter();
  return { percentUsed: Math.round((spent / limit) * 1000) / 10, estimate: true };
}

/** On-demand spend: the spend-limit pair (team plans: the pooled one), GetHardLimit as the fallback limit. */
function readOnDemand(spend: JsonObject | undefined, hardLimit: JsonObject | undefined): PlanMeters['onDemand'] {
  const team = numberAt(spend, 'pooledLimit') !== undefined && numberAt(spend, 'individualLimit') === undefined;
  const limit = numberAt(spend, team ? 'pooledLimit' : 'individualLimit');
  const remaining = numberAt(spend, team ? 'pooledRemaining' : 'individualRemaining');
  const usedCents = limit !== undefined && remaining !== undefined ? Math.max(0, limit - remaining) : null;
  const dollars = numberAt(hardLimit, 'hardLimit');
  let limitCents: number | null = limit ?? null;
  let state: OnDemandState = 'unknown';
  if (booleanAt(hardLimit, 'noUsageBasedAllowed') === true) {
    state = 'off';
    limitCents = 0;
  } else if (limit === undefined && dollars === UNLIMITED_DOLLARS) {
    state = 'unlimited';
  } else {
    if (limitCents === null && dollars !== undefined) limitCents = dollars * 100;
    if (limitCents !== null) state = limitCents > 0 ? 'on' : 'off';
  }
  return { usedCents, limitCents, state, scope: spend ? (team ? 'team' : 'individual') : null };
}

function summaries(usage: JsonObject, planUsage: JsonObject | undefined): string[] {
  const fields = [
    stringAt(usage, 'displayMessage'),
    stringAt(planUsage, 'totalDisplayMessage'),
    stringAt(planUsage, 'autoDisplayMessage'),
    stringAt(planUsage, 'apiDisplayMessage'),
    stringAt(usage, 'autoModelSelectedDisplayMessage'),
    stringAt(usage, 'namedModelSelectedDisplayMessage'),
  ];
  return [...new Set(fields.filter((field): field is string => field !== undefined))];
}

function epochIso(ms: number | undefined): string | null {
  if (ms === undefined || ms <= 0) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function isFreeName(plan: string | null): boolean {
  return plan !== null && /^free\b/i.test(plan.trim());
}
