// Local accounting: requests per local day and per Cursor model, from request-log records.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openRequestLog } from '../../src/proxy/log/request-log.js';
import type { RequestRecord } from '../../src/proxy/log/request-record.js';
import type { TurnEvent } from '../../src/proxy/events.js';
import { capEngine } from '../../src/proxy/usage/caps-engine.js';
import { Limits } from '../../src/proxy/usage/limits.js';
import { DAYS_KEPT, LocalUsage, localDay } from '../../src/proxy/usage/local-usage.js';
import type { PlanUsage } from '../../src/proxy/usage/plan-usage.js';
import { CONVERSATION, collect, scriptedEngine } from '../helpers/fake-engine.js';

const NOW = new Date(2026, 11, 6, 15, 0, 0);
const at = (daysAgo: number, hour = 10) => new Date(2026, 11, 6 - daysAgo, hour).toISOString();

function record(time: string, cursorModel: string | undefined, inputTokens = 100, outputTokens = 10): RequestRecord {
  return { time, id: `req_${Math.random()}`, api: 'anthropic', model: 'sonnet', cursorModel, stream: true, status: 200, outcome: 'end_turn', durationMs: 5, inputTokens, outputTokens, toolCalls: 0 };
}

describe('LocalUsage', () => {
  it('sums requests and Cursor’s token counts per local day and per model', () => {
    const local = new LocalUsage(() => NOW);
    local.add(record(at(0), 'claude-4.5-sonnet', 1000, 50));
    local.add(record(at(0, 14), 'claude-4.5-sonnet', 2000, 70));
    local.add(record(at(0), 'default', 10, 5));
    local.add(record(at(1), 'gpt-5', 7, 7));
    local.add(record(at(0), undefined));
    assert.deepEqual(local.today(), {
      day: localDay(NOW),
      requests: 3,
      inputTokens: 3010,
      outputTokens: 125,
      byModel: { 'claude-4.5-sonnet': { requests: 2, inputTokens: 3000, outputTokens: 120 }, default: { requests: 1, inputTokens: 10, outputTokens: 5 } },
    });
    const recent = local.recent(3);
    assert.deepEqual(recent.map((day) => [day.day, day.requests]), [
      [localDay(new Date(2026, 11, 4)), 0],
      [localDay(new Date(2026, 11, 5)), 1],
      [localDay(NOW), 3],
    ]);
  });

  it('keeps a bounded number of days', () => {
    const local = new LocalUsage(() => NOW);
    for (let daysAgo = DAYS_KEPT + 10; daysAgo >= 0; daysAgo--) local.add(record(at(daysAgo), 'default'));
    assert.equal(local.recent(DAYS_KEPT + 11).filter((day) => day.requests > 0).length, DAYS_KEPT);
  });

  it('is seeded from the request log, so it survives a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'thalamus-local-usage-'));
    try {
      const log = openRequestLog(dir);
      log.sink(record(at(0), 'gpt-5', 40, 4));
      log.sink(record(at(0), 'gpt-5', 60, 6));
      await log.flush();
      const local = new LocalUsage(() => NOW);
      await local.seedFromLog(dir);
      assert.deepEqual(local.today().byModel, { 'gpt-5': { requests: 2, inputTokens: 100, outputTokens: 10 } });
      // A gateway seeds while it serves: records from after its start are its own, added live.
      const late = new LocalUsage(() => NOW);
      await late.seedFromLog(dir, new Date(at(0)));
      assert.equal(late.today().requests, 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the daily cap waits for the seed: a turn asked for while the log is still being read is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'thalamus-local-usage-'));
    try {
      const log = openRequestLog(dir);
      log.sink(record(at(0), 'default'));
      await log.flush();
      const local = new LocalUsage(() => NOW);
      void local.seedFromLog(dir);
      const meters = { current: () => undefined } as unknown as PlanUsage;
      const engine = capEngine(scriptedEngine([async function* () { yield { type: 'text', text: 'ran' } as const; }]), {
        limits: new Limits({ dailyRequestLimit: 1, loopLimit: 5 }),
        local,
        meters,
        now: () => NOW,
      });
      const events = await collect(engine.runTurn(CONVERSATION, { model: { id: 'default', thinking: false }, signal: new AbortController().signal }));
      assert.equal(events.length, 1);
      assert.equal(events[0]!.type, 'error');
      assert.match((events[0] as Extract<TurnEvent, { type: 'error' }>).error.message, /daily request limit reached: 1 requests today/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
