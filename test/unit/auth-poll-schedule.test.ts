import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BrowserLoginPoll, CURSOR_POLL_SCHEDULE, LoginError } from '../../src/proxy/auth/browser-login.js';
import type { AuthHttp } from '../../src/proxy/auth/auth-http.js';
import type { Clock } from '../../src/proxy/auth/clock.js';
import { CursorAuthApi } from '../../src/proxy/auth/cursor-auth-api.js';
import { silentLogger } from '../../src/proxy/log/logger.js';
import { FastClock } from '../helpers/auth.js';

const challenge = { verifier: 'v', challenge: 'c', uuid: '3b241101-e2bb-4255-8caf-4136c566a962' };

/** An HTTP stub answering polls from a script of statuses (200 carries tokens). */
function scriptedPolls(statuses: number[]): { http: AuthHttp; polls: () => number } {
  let count = 0;
  const http: AuthHttp = async () => {
    const status = statuses[Math.min(count++, statuses.length - 1)];
    return { status, body: status === 200 ? JSON.stringify({ accessToken: 'a.b.c', refreshToken: 'r' }) : '{}' };
  };
  return { http, polls: () => count };
}

function poller(http: AuthHttp, clock: FastClock): BrowserLoginPoll {
  return new BrowserLoginPoll({ api: new CursorAuthApi(http, 'http://x'), challenge, clock, schedule: CURSOR_POLL_SCHEDULE, logger: silentLogger });
}

describe('browser login poll schedule (reference §6.1)', () => {
  it('waits min(1000·1.2^attempt, 10000) ms before each poll', () => {
    const delays = Array.from({ length: 16 }, (_, attempt) => CURSOR_POLL_SCHEDULE.delayMs(attempt));
    assert.deepEqual(delays.slice(0, 4), [1000, 1200, 1440, 1728]);
    assert.equal(delays[12], 8916);
    assert.deepEqual(delays.slice(13), [10000, 10000, 10000]);
    assert.equal(CURSOR_POLL_SCHEDULE.maxAttempts, 150);
    assert.equal(CURSOR_POLL_SCHEDULE.maxConsecutiveErrors, 3);
  });

  it('a 404 between errors resets the error count', async () => {
    const { http, polls } = scriptedPolls([500, 500, 404, 500, 500, 200]);
    const tokens = await poller(http, new FastClock()).run();
    assert.equal(tokens.accessToken, 'a.b.c');
    assert.equal(polls(), 6);
  });

  it('times out after 150 pending polls with a message that says so', async () => {
    const { http, polls } = scriptedPolls([404]);
    const clock = new FastClock();
    await assert.rejects(poller(http, clock).run(), (error: LoginError) => {
      assert.equal(error.reason, 'timeout');
      assert.match(error.message, /timed out.*not completed in the browser within 24 minutes/);
      return true;
    });
    assert.equal(polls(), 150);
    assert.equal(clock.sleeps.length, 150);
  });

  it('pollNow ends the wait at once (a wait that nothing else would end)', { timeout: 5_000 }, async () => {
    const { http, polls } = scriptedPolls([404, 200]);
    let poll: BrowserLoginPoll | undefined = undefined;
    const waits: number[] = [];
    const clock: Clock = {
      now: () => 0,
      sleep: (ms, signal) => {
        waits.push(ms);
        setImmediate(() => poll?.pollNow());
        return new Promise((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
      },
    };
    poll = new BrowserLoginPoll({ api: new CursorAuthApi(http, 'http://x'), challenge, clock, schedule: CURSOR_POLL_SCHEDULE, logger: silentLogger });
    await poll.run();
    assert.equal(polls(), 2);
    assert.deepEqual(waits, [1000, 1200]);
  });

  it('pollNow during a poll skips the next wait', async () => {
    const { http: inner, polls } = scriptedPolls([404, 200]);
    const clock = new FastClock();
    let poll: BrowserLoginPoll | undefined = undefined;
    const http: AuthHttp = async (request) => {
      poll?.pollNow();
      return inner(request);
    };
    poll = poller(http, clock);
    await poll.run();
    assert.equal(polls(), 2);
    assert.deepEqual(clock.sleeps, [1000]);
  });
});
