// The statusline's one line: both pools, the reset, the model; unknown said as such; age when stale.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlanMeters } from '../../src/shared/usage.js';
import { emptyMeters } from '../../src/proxy/usage/plan-meters.js';
import { statusLine } from '../../src/proxy/usage/statusline.js';
import { statuslineCommandLine } from '../../src/proxy/usage/statusline-command.js';

const NOW = new Date('2026-12-06T12:00:00Z');
const meters: PlanMeters = {
  ...emptyMeters(NOW),
  state: 'known',
  plan: 'Pro',
  kind: 'pools',
  billingCycleEnd: '2026-12-20T12:00:00.000Z',
  pools: { auto: { percentUsed: 12.4, estimate: false }, api: { percentUsed: 91, estimate: false } },
  total: { percentUsed: 50, estimate: false },
};

describe('statusLine', () => {
  it('pools, reset and the model; the Cursor model that answered when known', () => {
    assert.equal(statusLine({ meters, clientModel: 'Sonnet 4.5', now: NOW, color: false }), 'API 91% · Auto 12% · resets in 14d · Sonnet 4.5');
    assert.equal(statusLine({ meters, clientModel: 'Sonnet 4.5', cursorModel: 'claude-4.5-sonnet', now: NOW, color: false }), 'API 91% · Auto 12% · resets in 14d · Sonnet 4.5 → claude-4.5-sonnet');
  });

  it('colours by threshold: red from 90 %, yellow from 80 %, green below', () => {
    const line = statusLine({ meters: { ...meters, pools: { auto: { percentUsed: 85, estimate: false }, api: { percentUsed: 95, estimate: false } } }, now: NOW, color: true });
    assert.equal(line, 'API \x1b[31m95%\x1b[0m · Auto \x1b[33m85%\x1b[0m · resets in 14d');
  });

  it('names the pool on course to run out before the reset, with its pace marked as an estimate; none when both are on track', () => {
    // 16 of 30 days gone (53.3 %): API 91 % → 1.71×, Auto 12.4 % → 0.23×.
    const cycle = { ...meters, billingCycleStart: '2026-11-20T12:00:00.000Z' };
    assert.equal(statusLine({ meters: cycle, now: NOW, color: false }), 'API 91% · Auto 12% · resets in 14d · API pace 1.7×~');
    const autoAhead = { ...cycle, pools: { auto: { percentUsed: 80, estimate: false }, api: { percentUsed: 60, estimate: false } } };
    assert.equal(statusLine({ meters: autoAhead, now: NOW, color: false }), 'API 60% · Auto 80% · resets in 14d · Auto pace 1.5×~');
    const onTrack = { ...cycle, pools: { auto: { percentUsed: 10, estimate: false }, api: { percentUsed: 40, estimate: false } } };
    assert.equal(statusLine({ meters: onTrack, now: NOW, color: false }), 'API 40% · Auto 10% · resets in 14d');
  });

  it('unknown meters say so and why; no meters at all say that no gateway read them', () => {
    assert.equal(statusLine({ meters: { ...emptyMeters(NOW), reason: 'Cursor refused the token (log in again)' }, now: NOW, color: false }), 'Cursor usage unknown: Cursor refused the token (log in again)');
    assert.equal(statusLine({ clientModel: 'Opus', now: NOW, color: false }), 'Cursor usage unknown (no gateway has read it yet) · Opus');
  });

  it('a legacy plan shows its total, marked as an estimate; old meters show their age', () => {
    const legacy: PlanMeters = { ...meters, kind: 'requests', pools: emptyMeters(NOW).pools, total: { percentUsed: 40, estimate: true }, fetchedAt: '2026-12-06T10:00:00.000Z' };
    assert.equal(statusLine({ meters: legacy, now: NOW, color: false }), 'Pro 40%~ · resets in 14d · as of 2h ago');
  });
});

describe('statuslineCommandLine', () => {
  it('this Node and this bin by absolute path, quoted for sh and cmd', () => {
    assert.equal(statuslineCommandLine('/usr/bin/node', '/opt/tha$lamus/bin/thalamus.js'), '"/usr/bin/node" "/opt/tha\\$lamus/bin/thalamus.js" statusline');
    assert.equal(statuslineCommandLine('C:\\Program Files\\nodejs\\node.exe', 'C:\\t\\bin\\thalamus.js'), '"C:\\Program Files\\nodejs\\node.exe" "C:\\t\\bin\\thalamus.js" statusline');
  });
});
