// What Thalamus knows about the plan's usage, shared by the engine, the CLI, the UI and the tray.
// A figure is null when Cursor did not say; `estimate` marks one Thalamus derived (never shown
// as Cursor's own number).

export interface PoolMeter {
  /** 0–100 (may exceed 100 when on-demand spend continues past the pool); null = unknown. */
  percentUsed: number | null;
  /** Derived by Thalamus (e.g. read from Cursor's summary sentence), not Cursor's own figure. */
  estimate: boolean;
}

export type OnDemandState = 'on' | 'off' | 'unlimited' | 'unknown';

export interface PlanMeters {
  /** known: Cursor answered; partial: some figures missing (see reason); unknown: no usage answer. */
  state: 'known' | 'partial' | 'unknown';
  /** Why figures are missing, in words. */
  reason?: string;
  /** When Cursor was asked (ISO). */
  fetchedAt: string;
  /** Plan name as GetPlanInfo says ("Pro", "Ultra", a team plan…). */
  plan: string | null;
  /** pools: Auto + API pools; requests: a legacy request plan; free: no paid plan. */
  kind: 'pools' | 'requests' | 'free' | 'unknown';
  billingCycleStart: string | null;
  billingCycleEnd: string | null;
  pools: { auto: PoolMeter; api: PoolMeter };
  total: PoolMeter;
  onDemand: {
    usedCents: number | null;
    limitCents: number | null;
    state: OnDemandState;
    /** team: the pooled on-demand budget of a team plan. */
    scope: 'individual' | 'team' | null;
  };
  /** Cursor's own one-line summaries, as it wrote them. */
  messages: string[];
}

export interface ModelTally {
  requests: number;
  inputTokens: number;
  outputTokens: number;
}

/** Requests this gateway forwarded on one local calendar day. */
export interface LocalDay extends ModelTally {
  /** YYYY-MM-DD, local time. */
  day: string;
  /** Per Cursor model. */
  byModel: Record<string, ModelTally>;
}

export type PoolName = 'auto' | 'api';

/** Estimates: a straight-line projection of use so far (usage/pace.ts). */
export interface Pace {
  /** How much of the billing cycle has gone by, 0–100. */
  cycleElapsedPercent: number;
  /** Total percent used ÷ percent of the cycle elapsed (`thalamus usage --json`'s `pace`). */
  pace: number | null;
  /** Each pool's percent used ÷ percent of the cycle elapsed: above 1 that pool runs out before the cycle ends. */
  pools: Record<PoolName, number | null>;
}

/** A limit the user set, and where it came from (the environment wins over the UI's setting). */
export interface LimitSetting {
  /** null: no limit. */
  value: number | null;
  source: 'env' | 'settings' | 'default';
}

export interface LimitsView {
  /** THALAMUS_DAILY_REQUEST_LIMIT: requests forwarded per local day. */
  dailyRequestLimit: LimitSetting;
  /** THALAMUS_API_POOL_STOP_PERCENT: named models stop when the API pool reaches it. */
  apiPoolStopPercent: LimitSetting;
}

export interface UsageView {
  meters: PlanMeters;
  pace: Pace | null;
  local: {
    today: LocalDay;
    /** The last 14 days, oldest first. */
    days: LocalDay[];
  };
  limits: LimitsView;
}
