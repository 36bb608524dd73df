// The pace of the billing cycle.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyMeters } from '../../src/proxy/usage/plan-meters.js';
import { paceOf } from '../../src/proxy/usage/pace.js';

describe('paceOf', () => {
  const meters = {
    ...emptyMeters(new Date(0)),
    billingCycleStart: '2026-12-01T00:00:00.000Z',
    billingCycleEnd: '2026-12-31T00:00:00.000Z',
    total: { percentUsed: 60, estimate: false },
  };

  it('percent used over percent of the cycle elapsed', () => {
    assert.deepEqual(paceOf(meters, new Date('2026-12-16T00:00:00Z')), { cycleElapsedPercent: 50, pace: 1.2 });
  });

  it('no pace without a cycle or a total', () => {
    assert.equal(paceOf({ ...meters, billingCycleStart: null }, new Date('2026-12-16T00:00:00Z')), null);
    assert.deepEqual(paceOf({ ...meters, total: { percentUsed: null, estimate: false } }, new Date('2026-12-16T00:00:00Z')), { cycleElapsedPercent: 50, pace: null });
  });
});
