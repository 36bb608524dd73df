// The limits in force: the environment wins over the UI's settings, which apply without a restart.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LiveSettings, SettingsStore } from '../../src/proxy/app/settings-store.js';
import { Limits, readEnvLimits } from '../../src/proxy/usage/limits.js';

describe('limits', () => {
  it('reads the variables; the loop guard defaults to 5', () => {
    assert.deepEqual(readEnvLimits({}), { dailyRequestLimit: undefined, apiPoolStopPercent: undefined, loopLimit: 5 });
    assert.deepEqual(readEnvLimits({ THALAMUS_DAILY_REQUEST_LIMIT: '300', THALAMUS_API_POOL_STOP_PERCENT: '90', THALAMUS_LOOP_LIMIT: '3' }), {
      dailyRequestLimit: 300,
      apiPoolStopPercent: 90,
      loopLimit: 3,
    });
  });

  it('a bad value is an error naming the variable', () => {
    assert.throws(() => readEnvLimits({ THALAMUS_DAILY_REQUEST_LIMIT: 'lots' }), /THALAMUS_DAILY_REQUEST_LIMIT must be a whole number.*'lots'/);
    assert.throws(() => readEnvLimits({ THALAMUS_API_POOL_STOP_PERCENT: '150' }), /THALAMUS_API_POOL_STOP_PERCENT must be a whole number from 1 to 100/);
    assert.throws(() => readEnvLimits({ THALAMUS_LOOP_LIMIT: '0' }), /THALAMUS_LOOP_LIMIT/);
  });

  it('settings apply on the next look; the environment wins', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'thalamus-limits-'));
    try {
      const limits = new Limits(readEnvLimits({ THALAMUS_API_POOL_STOP_PERCENT: '95' }), new LiveSettings(dir));
      assert.deepEqual(limits.view(), { dailyRequestLimit: { value: null, source: 'default' }, apiPoolStopPercent: { value: 95, source: 'env' } });
      await new SettingsStore(dir).update({ dailyRequestLimit: 40, apiPoolStopPercent: 50 });
      assert.deepEqual(limits.view(), { dailyRequestLimit: { value: 40, source: 'settings' }, apiPoolStopPercent: { value: 95, source: 'env' } });
      // The very next look after a second write sees it (no caching by time).
      await new SettingsStore(dir).update({ dailyRequestLimit: 41 });
      assert.equal(limits.view().dailyRequestLimit.value, 41);
      await new SettingsStore(dir).update({ dailyRequestLimit: null });
      assert.deepEqual(limits.view().dailyRequestLimit, { value: null, source: 'default' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
