import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createActivity } from '../../src/proxy/usage/activity.js';
import { describeFailure } from '../../src/proxy/error-words.js';
import { UpstreamError } from '../../src/proxy/events.js';

describe('activity', () => {
  it('counts requests per local day and starts again at midnight', () => {
    let now = new Date(2026, 4, 1, 23, 59);
    const activity = createActivity(() => now);
    activity.countRequest();
    activity.countRequest();
    assert.equal(activity.snapshot().requestsToday, 2);
    now = new Date(2026, 4, 2, 0, 1);
    assert.equal(activity.snapshot().requestsToday, 0);
    activity.countRequest();
    assert.equal(activity.snapshot().requestsToday, 1);
  });

  it('keeps the last failure in words, with its time', () => {
    const activity = createActivity(() => new Date('2026-05-01T10:00:00Z'));
    assert.equal(activity.snapshot().lastError, undefined);
    activity.recordError(new UpstreamError('quota_exhausted', 'You have hit your usage limit'));
    assert.deepEqual(activity.snapshot(), {
      requestsToday: 0,
      lastError: 'A usage pool of your Cursor plan is used up. (You have hit your usage limit)',
      lastErrorAt: '2026-05-01T10:00:00.000Z',
    });
  });

  it('never repeats a token in the words', () => {
    assert.doesNotMatch(describeFailure('unauthenticated', 'bad token eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.c2lnbmF0dXJlMTIz'), /eyJhbGci/);
  });
});
