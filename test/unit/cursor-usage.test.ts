import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageMeter } from '../../src/proxy/cursor/usage.js';

describe('UsageMeter', () => {
  it('estimates 4 characters per token until a checkpoint gives the real input count', () => {
    const meter = new UsageMeter(400);
    assert.equal(meter.inputTokens, 100);
    meter.addSentChars(4);
    assert.equal(meter.inputTokens, 101);
    meter.noteCheckpoint(0);
    assert.equal(meter.inputTokens, 101, 'an empty checkpoint count is ignored');
    meter.noteCheckpoint(5000);
    assert.equal(meter.inputTokens, 5000);
  });

  it('sums token_delta counts per response, and restarts for the next response', () => {
    const meter = new UsageMeter(0);
    meter.addOutputTokens(3);
    meter.addOutputTokens(4);
    meter.addOutputChars(1000);
    assert.deepEqual(meter.takeResponseUsage(), { inputTokens: 0, outputTokens: 7 });
    assert.deepEqual(meter.takeResponseUsage(), { inputTokens: 0, outputTokens: 0 });
  });

  it('falls back to produced characters when Cursor sent no token_delta', () => {
    const meter = new UsageMeter(0);
    meter.addOutputChars(10);
    assert.equal(meter.takeResponseUsage().outputTokens, 3);
  });
});
