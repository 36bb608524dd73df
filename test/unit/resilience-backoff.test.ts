import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_RETRY_POLICY, retryDelay } from '../../src/proxy/resilience/backoff.js';

const policy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 300, maxTotalMs: 1000 };

describe('retryDelay', () => {
  it('doubles the ceiling per retry up to the cap, jittered between half of it and all of it', () => {
    assert.equal(retryDelay(policy, 1, 0, 0), 50);
    assert.equal(retryDelay(policy, 1, 0, 0.999), 100);
    assert.equal(retryDelay(policy, 2, 0, 0), 100);
    assert.equal(retryDelay(policy, 2, 0, 0.5), 150);
    assert.equal(retryDelay(policy, 3, 0, 0), 150); // 400 capped at 300
    assert.equal(retryDelay(policy, 3, 0, 0.999), 300);
  });

  it('gives up after maxRetries', () => {
    assert.equal(retryDelay(policy, 4, 0, 0), undefined);
    assert.equal(retryDelay(policy, 0, 0, 0), undefined);
  });

  it('never starts a wait that would end past the total budget', () => {
    assert.equal(retryDelay(policy, 1, 950, 0), 50);
    assert.equal(retryDelay(policy, 1, 951, 0), undefined);
  });

  it('honours a longer upstream retry-after, within the budget', () => {
    assert.equal(retryDelay(policy, 1, 0, 0, 700), 700);
    assert.equal(retryDelay(policy, 1, 0, 0, 10), 50);
    assert.equal(retryDelay(policy, 1, 400, 0, 700), undefined);
  });

  it('the default policy: three retries, all within eight seconds', () => {
    let elapsed = 0;
    const delays: number[] = [];
    for (let retry = 1; ; retry++) {
      const delay = retryDelay(DEFAULT_RETRY_POLICY, retry, elapsed, 0.999);
      if (delay === undefined) break;
      delays.push(delay);
      elapsed += delay;
    }
    assert.equal(delays.length, 3);
    assert.ok(elapsed <= DEFAULT_RETRY_POLICY.maxTotalMs);
  });
});
