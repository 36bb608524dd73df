// Pool notifications at 80 / 90 / 100 % (each crossing once per cycle), and the tray's usage text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trayModel } from '../../src/main/tray-state.js';
import { trayUsageText, UsageAlerts } from '../../src/main/usage-alerts.js';
import { emptyMeters } from '../../src/proxy/usage/plan-meters.js';
import type { PlanMeters } from '../../src/shared/usage.js';

const CYCLE_END = '2026-12-24T00:00:00.000Z';
function meters(api: number | null, auto: number | null = 10, cycleEnd = CYCLE_END): PlanMeters {
  return {
    ...emptyMeters(new Date('2026-12-06T00:00:00Z')),
    state: 'known',
    kind: 'pools',
    billingCycleEnd: cycleEnd,
    pools: { api: { percentUsed: api, estimate: false }, auto: { percentUsed: auto, estimate: false } },
  };
}
const steps = (alerts: Array<{ pool: string; step: number }>) => alerts.map(({ pool, step }) => `${pool}@${step}`);

describe('UsageAlerts', () => {
  it('the first reading is the baseline; each step crossed upward is told once', () => {
    const alerts = new UsageAlerts();
    assert.deepEqual(alerts.update(meters(85)), [], 'starting at 85 % is not a crossing');
    assert.deepEqual(alerts.update(meters(88)), []);
    const ninety = alerts.update(meters(91));
    assert.deepEqual(steps(ninety), ['api@90']);
    assert.equal(ninety[0]!.title, 'Cursor API pool (named models) at 91 %');
    assert.deepEqual(alerts.update(meters(89)), [], 'dipping back does not re-arm the step');
    assert.deepEqual(alerts.update(meters(93)), []);
    const used = alerts.update(meters(100, 95));
    assert.deepEqual(steps(used), ['api@100', 'auto@90']);
    assert.match(used[0]!.body, /Named models .* now fail or use on-demand spend; Auto and Composer still work/);
  });

  it('jumping past several steps tells the highest; a new cycle starts over; unknown meters tell nothing', () => {
    const alerts = new UsageAlerts();
    alerts.update(meters(10));
    assert.deepEqual(steps(alerts.update(meters(97))), ['api@90']);
    assert.deepEqual(alerts.update({ ...meters(null), state: 'unknown' }), []);
    assert.deepEqual(alerts.update(meters(5, 10, '2027-01-24T00:00:00.000Z')), [], 'new cycle: a fresh baseline');
    assert.deepEqual(steps(alerts.update(meters(81, 10, '2027-01-24T00:00:00.000Z'))), ['api@80']);
  });
});

describe('tray usage', () => {
  it('the API pool share goes in the title and the tooltip', () => {
    assert.equal(trayUsageText(meters(84.4)), 'API 84%');
    assert.equal(trayUsageText(meters(null)), undefined);
    assert.equal(trayUsageText(undefined), undefined);
    const model = trayModel({
      gateway: { state: 'running', url: 'http://127.0.0.1:3013', demo: false },
      account: { loggedIn: true, needsLogin: false, email: 'me@example.com' },
      openAtLogin: false,
      now: new Date(),
      usage: 'API 84%',
    });
    assert.equal(model.title, 'API 84%');
    assert.equal(model.tooltip, 'Thalamus — running on 127.0.0.1:3013 · me@example.com · API 84%');
  });
});
