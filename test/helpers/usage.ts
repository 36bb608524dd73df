// Usage doubles: a sample UsageView, and a UsageService for tests that never look at usage.
import type { UsageView } from '../../src/shared/usage.js';
import { Limits } from '../../src/proxy/usage/limits.js';
import { LocalUsage } from '../../src/proxy/usage/local-usage.js';
import { emptyMeters } from '../../src/proxy/usage/plan-meters.js';
import { PlanUsage } from '../../src/proxy/usage/plan-usage.js';
import { UsageService } from '../../src/proxy/usage/usage-service.js';

export function sampleUsageView(apiPercent = 42): UsageView {
  const meters = emptyMeters(new Date('2026-12-05T00:00:00Z'));
  const today = { day: '2026-12-05', requests: 3, inputTokens: 300, outputTokens: 30, byModel: { 'gpt-5': { requests: 3, inputTokens: 300, outputTokens: 30 } } };
  return {
    meters: { ...meters, state: 'known', plan: 'Pro', kind: 'pools', pools: { auto: { percentUsed: 5, estimate: false }, api: { percentUsed: apiPercent, estimate: false } } },
    pace: null,
    local: { today, days: [today] },
    limits: { dailyRequestLimit: { value: null, source: 'default' }, apiPoolStopPercent: { value: null, source: 'default' } },
  };
}

/** A UsageService whose meters fail if asked: for stacks whose tests never read usage. */
export function unusedUsageService(): UsageService {
  const meters = new PlanUsage({ fetch: () => Promise.reject(new Error('usage is not read in this test')) });
  return new UsageService(meters, new LocalUsage(), new Limits({ loopLimit: 5 }));
}
