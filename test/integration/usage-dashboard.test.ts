// The plan meters read from the fake's DashboardService over real HTTP/2 (Connect JSON), for
// each shape a real account answers in: a pooled individual plan, a team plan, a legacy
// request plan, a free plan, missing fields, a refused token and an answer that is not JSON.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startFakeCursor, type FakeCursor } from '../../src/fake-cursor/index.js';
import { EnvTokenProvider } from '../../src/proxy/cursor/env-token-provider.js';
import { Http2Transport } from '../../src/proxy/cursor/transport.js';
import { fetchDashboard } from '../../src/proxy/usage/dashboard.js';
import { readMeters } from '../../src/proxy/usage/plan-meters.js';

const TOKEN = 'dashboard-test-token';
const START = new Date('2026-11-20T00:00:00Z');
const END = new Date('2026-12-20T00:00:00Z');
const NOW = new Date('2026-12-05T00:00:00Z');

const account = {
  planName: 'Pro',
  billingCycleStart: START,
  billingCycleEnd: END,
  percentUsed: { auto: 20, api: 64.5 },
  onDemand: { enabled: true, limitCents: 5000, usedCents: 1250 },
};

let fake: FakeCursor;
let transport: Http2Transport;
before(async () => {
  fake = await startFakeCursor();
  transport = new Http2Transport();
});
after(async () => {
  await transport.close();
  await fake.close();
});
beforeEach(() => {
  fake.dashboard.setScript({});
  fake.account.update(account);
});


async function meters(token = TOKEN) {
  const answers = await fetchDashboard({ transport, baseUrl: fake.url, tokenProvider: new EnvTokenProvider({ THALAMUS_CURSOR_TOKEN: token }), clientVersion: 'cli-2026.10.01-e373342' });
  return readMeters(answers, NOW);
}

describe('plan meters from DashboardService', () => {
  it('an individual Pro plan: both pools, the total, the cycle and on-demand spend', async () => {
    const result = await meters();
    assert.equal(result.state, 'known', result.reason);
    assert.equal(result.plan, 'Pro');
    assert.equal(result.kind, 'pools');
    assert.deepEqual(result.pools, { auto: { percentUsed: 20, estimate: false }, api: { percentUsed: 64.5, estimate: false } });
    assert.deepEqual(result.total, { percentUsed: 42.3, estimate: false });
    assert.equal(result.billingCycleStart, START.toISOString());
    assert.equal(result.billingCycleEnd, END.toISOString());
    assert.deepEqual(result.onDemand, { usedCents: 1250, limitCents: 5000, state: 'on', scope: 'individual' });
    assert.ok(result.messages.includes('API: 65% used'), result.messages.join(' | '));
    // Asked as Cursor's usage meters ask: JSON, with the Agent API's token.
    assert.deepEqual(fake.dashboard.calls.slice(-3).sort(), ['GetCurrentPeriodUsage', 'GetHardLimit', 'GetPlanInfo']);
  });

  it('a team plan: on-demand spend is the pooled team budget', async () => {
    fake.account.update({ planName: 'Business', onDemand: { enabled: true, limitCents: 100_000, usedCents: 30_000 } });
    fake.dashboard.setScript({ shape: 'team' });
    const result = await meters();
    assert.equal(result.plan, 'Business');
    assert.equal(result.pools.api.percentUsed, 64.5);
    assert.deepEqual(result.onDemand, { usedCents: 30_000, limitCents: 100_000, state: 'on', scope: 'team' });
  });

  it('a legacy request plan: only the total, read from Cursor’s sentence and marked as an estimate', async () => {
    fake.account.update({ onDemand: { enabled: false, limitCents: 0, usedCents: 0 } });
    fake.dashboard.setScript({ shape: 'legacy-requests' });
    const result = await meters();
    assert.equal(result.kind, 'requests');
    assert.equal(result.state, 'partial');
    assert.deepEqual(result.total, { percentUsed: 42, estimate: true });
    assert.deepEqual(result.pools, { auto: { percentUsed: null, estimate: false }, api: { percentUsed: null, estimate: false } });
    assert.match(result.reason!, /approximate/);
    assert.equal(result.onDemand.state, 'off');
  });

  it('a free plan: no pools, said so', async () => {
    fake.account.update({ onDemand: { enabled: false, limitCents: 0, usedCents: 0 } });
    fake.dashboard.setScript({ shape: 'free' });
    const result = await meters();
    assert.equal(result.plan, 'Free');
    assert.equal(result.kind, 'free');
    assert.equal(result.pools.api.percentUsed, null);
    assert.equal(result.total.percentUsed, null);
    assert.match(result.reason!, /no paid plan/);
  });

  it('missing fields stay unknown: nothing is invented', async () => {
    fake.dashboard.setScript({ omit: ['planUsage.apiPercentUsed', 'planUsage.totalPercentUsed', 'planUsage.includedSpend', 'billingCycleEnd', 'spendLimitUsage'], errors: { GetHardLimit: { code: 'unimplemented', message: 'no such method' } } });
    const result = await meters();
    assert.equal(result.state, 'partial');
    assert.equal(result.pools.auto.percentUsed, 20);
    assert.equal(result.pools.api.percentUsed, null);
    assert.equal(result.total.percentUsed, null);
    assert.equal(result.billingCycleEnd, null);
    assert.deepEqual(result.onDemand, { usedCents: null, limitCents: null, state: 'unknown', scope: null });
    assert.match(result.reason!, /pool meter not given/);
    assert.match(result.reason!, /billing cycle end not given/);
    assert.match(result.reason!, /GetHardLimit failed/);
  });

  it('a total Cursor left out is derived from the spend and marked as an estimate', async () => {
    fake.dashboard.setScript({ omit: ['planUsage.totalPercentUsed'] });
    const result = await meters();
    assert.deepEqual(result.total, { percentUsed: 42.3, estimate: true });
  });

  it('int64 fields as JSON numbers are read as well as strings', async () => {
    fake.dashboard.setScript({ raw: { GetCurrentPeriodUsage: JSON.stringify({ billingCycleStart: START.getTime(), billingCycleEnd: END.getTime(), planUsage: { autoPercentUsed: '7', apiPercentUsed: 99.5, totalPercentUsed: 50 } }) } });
    const result = await meters();
    assert.equal(result.billingCycleEnd, END.toISOString());
    assert.equal(result.pools.auto.percentUsed, 7);
    assert.equal(result.pools.api.percentUsed, 99.5);
  });

  it('a refused token: meters unknown, and why', async () => {
    fake.auth.revoke('revoked-token');
    const result = await meters('revoked-token');
    assert.equal(result.state, 'unknown');
    assert.equal(result.pools.api.percentUsed, null);
    assert.match(result.reason!, /refused the token/);
  });

  it('an answer that is not JSON: meters unknown, and why', async () => {
    fake.dashboard.setScript({ raw: { GetCurrentPeriodUsage: '<html>502 Bad Gateway</html>' } });
    const result = await meters();
    assert.equal(result.state, 'unknown');
    assert.equal(result.plan, 'Pro', 'what did answer is kept');
    assert.match(result.reason!, /not JSON/);
  });

  it('a failing usage method: unknown, with Cursor’s reason', async () => {
    fake.dashboard.setScript({ errors: { GetCurrentPeriodUsage: { code: 'unavailable', message: 'dashboard is down' } } });
    const result = await meters();
    assert.equal(result.state, 'unknown');
    assert.match(result.reason!, /dashboard is down/);
  });
});
