// The meters cache: when Cursor is asked again, and what the CLI reads from the config dir.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { DashboardAnswers } from '../../src/proxy/usage/dashboard.js';
import { METERS_FILE } from '../../src/proxy/usage/meters-file.js';
import { PlanUsage } from '../../src/proxy/usage/plan-usage.js';

function answers(apiPercent: number): DashboardAnswers {
  return {
    GetCurrentPeriodUsage: { ok: true, json: { billingCycleStart: '1000', billingCycleEnd: '2000', planUsage: { autoPercentUsed: 1, apiPercentUsed: apiPercent, totalPercentUsed: 2 } } },
    GetPlanInfo: { ok: true, json: { planInfo: { planName: 'Pro' } } },
    GetHardLimit: { ok: true, json: { noUsageBasedAllowed: true } },
  };
}

function setup(configDir?: string) {
  let time = Date.parse('2026-12-05T10:00:00Z');
  let api = 10;
  let fetches = 0;
  const usage = new PlanUsage({
    configDir,
    now: () => new Date(time),
    fetch: async () => {
      fetches++;
      return answers(api);
    },
  });
  return {
    usage,
    advance: (ms: number) => (time += ms),
    setApi: (value: number) => (api = value),
    fetches: () => fetches,
  };
}

describe('PlanUsage', () => {
  it('asks once for concurrent readers and serves the cache while it is fresh', async () => {
    const t = setup();
    const [a, b] = await Promise.all([t.usage.get(), t.usage.get()]);
    assert.equal(t.fetches(), 1);
    assert.equal(a, b);
    t.advance(5 * 60_000);
    await t.usage.get();
    assert.equal(t.fetches(), 1, 'idle: ten minutes before asking again');
    t.advance(5 * 60_000);
    await t.usage.get();
    assert.equal(t.fetches(), 2);
  });

  it('while requests flow: a background refresh once the meters are a minute old, not before', async () => {
    const t = setup();
    await t.usage.get();
    t.advance(30_000);
    t.usage.noteRequest();
    assert.equal(t.fetches(), 1);
    t.setApi(55);
    t.advance(30_000);
    t.usage.noteRequest();
    t.usage.noteRequest();
    assert.equal(t.fetches(), 2, 'one refresh for many requests');
    const fresh = await t.usage.get();
    assert.equal(fresh.pools.api.percentUsed, 55);
    assert.equal(t.fetches(), 2);
  });

  it('a pool-type error asks again at once (once per burst); refresh asks whatever the cache says', async () => {
    const t = setup();
    await t.usage.get();
    t.advance(6_000);
    t.setApi(100);
    assert.equal((await t.usage.afterPoolError()).pools.api.percentUsed, 100);
    await t.usage.afterPoolError();
    assert.equal(t.fetches(), 2, 'a second error right after asks nothing');
    await t.usage.get({ refresh: true });
    assert.equal(t.fetches(), 3);
  });

  it('a fetch that throws gives unknown meters with the reason, never a rejection', async () => {
    const usage = new PlanUsage({ fetch: async () => Promise.reject(new Error('socket hang up')) });
    const meters = await usage.get();
    assert.equal(meters.state, 'unknown');
    assert.match(meters.reason!, /socket hang up/);
  });

  it('shares the meters through the config dir; another process adopts them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'thalamus-meters-'));
    try {
      const writer = setup(dir);
      writer.setApi(81);
      await writer.usage.get();
      assert.equal(JSON.parse(await readFile(join(dir, METERS_FILE), 'utf8')).pools.api.percentUsed, 81);

      const reader = setup(dir);
      const shared = await reader.usage.loadShared();
      assert.equal(shared?.pools.api.percentUsed, 81);
      await reader.usage.get();
      assert.equal(reader.fetches(), 0, 'fresh shared meters are not asked for again');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
