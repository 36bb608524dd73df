// The pace of the billing cycle.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyMeters } from '../../src/proxy/usage/plan-meters.js';
import { fastestPool, paceOf } from '../../src/proxy/usage/pace.js';

describe('paceOf', () => {
  const meters = {
    ...emptyMeters(new Date(0)),
    billingCycleStart: '2026-12-01T00:00:00.000Z',
    billingCycleEnd: '2026-12-31T00:00:00.000Z',
    pools: { auto: { percentUsed: 30, estimate: false }, api: { percentUsed: 90, estimate: false } },
    total: { percentUsed: 60, estimate: false },
  };

  it('percent used over percent of the cycle elapsed, for each pool and the total', () => {
    assert.deepEqual(paceOf(meters, new Date('2026-12-16T00:00:00Z')), { cycleElapsedPercent: 50, pace: 1.2, pools: { auto: 0.6, api: 1.8 } });
  });

  it('the fastest pool is the one on course to run out first', () => {
    assert.deepEqual(fastestPool(paceOf(meters, new Date('2026-12-16T00:00:00Z'))!), { pool: 'api', pace: 1.8 });
    const autoOnly = paceOf({ ...meters, pools: { auto: { percentUsed: 30, estimate: false }, api: { percentUsed: null, estimate: false } } }, new Date('2026-12-16T00:00:00Z'))!;
    assert.deepEqual(fastestPool(autoOnly), { pool: 'auto', pace: 0.6 });
    assert.equal(fastestPool({ cycleElapsedPercent: 50, pace: null, pools: { auto: null, api: null } }), null);
  });

  it('no pace without a cycle; none for a figure Cursor did not give, or in the first 1 % of the cycle', () => {
    assert.equal(paceOf({ ...meters, billingCycleStart: null }, new Date('2026-12-16T00:00:00Z')), null);
    assert.deepEqual(paceOf({ ...meters, total: { percentUsed: null, estimate: false } }, new Date('2026-12-16T00:00:00Z')), {
      cycleElapsedPercent: 50,
      pace: null,
      pools: { auto: 0.6, api: 1.8 },
    });
    assert.deepEqual(paceOf(meters, new Date('2026-12-01T06:00:00Z'))?.pools, { auto: null, api: null });
  });
});
