import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FALLBACK_QUIET_MS, FallbackNotices, fallbackText } from '../../src/main/fallback-notice.js';

describe('fallback notices', () => {
  it('names both models and the reason in words', () => {
    assert.deepEqual(fallbackText({ requested: 'gpt-5', answered: 'composer-1', reason: 'quota_exhausted' }), {
      title: 'composer-1 answered instead of gpt-5',
      body: 'gpt-5 could not answer (its usage pool is used up), so your fallback chain used composer-1. Change chains in Settings → Fallback.',
    });
  });

  it('shows the same switch once per quiet period; a different switch at once', () => {
    let now = 0;
    const notices = new FallbackNotices(() => now);
    const event = { requested: 'gpt-5', answered: 'default', reason: 'overloaded' };
    assert.ok(notices.next(event));
    now += FALLBACK_QUIET_MS - 1;
    assert.equal(notices.next(event), undefined);
    assert.ok(notices.next({ ...event, answered: 'composer-1' }));
    now += 1;
    assert.ok(notices.next(event));
  });
});
