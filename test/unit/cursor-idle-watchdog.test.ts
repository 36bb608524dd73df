import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { IdleWatchdog } from '../../src/proxy/cursor/idle-watchdog.js';

/**
 * A watchdog whose `idle` promise resolves with the time it fired. Its timer is unref'd (it
 * must not keep a process alive), so a referenced one holds the test's event loop open.
 */
function watchdog(timeoutMs: number) {
  let fired: (at: number) => void = () => {};
  const keepLoopAlive = setTimeout(() => {}, 10_000);
  const idle = new Promise<number>((resolve) => (fired = resolve)).finally(() => clearTimeout(keepLoopAlive));
  const dog = new IdleWatchdog(timeoutMs, () => fired(performance.now()));
  return { dog, idle, done: () => clearTimeout(keepLoopAlive) };
}

describe('IdleWatchdog', () => {
  it('fires no sooner than the timeout after the last progress, and then fires', async () => {
    const { dog, idle } = watchdog(40);
    dog.touch();
    await sleep(25);
    const lastTouch = performance.now();
    dog.touch(); // progress: the countdown starts again
    const firedAt = await idle;
    assert.ok(firedAt - lastTouch >= 40, `fired ${(firedAt - lastTouch).toFixed(1)} ms after the last progress`);
  });

  it('does not fire while paused, and counts afresh from resume', async () => {
    const { dog, idle } = watchdog(20);
    let paused = true;
    let firedWhilePaused = false;
    void idle.then(() => (firedWhilePaused = paused));
    dog.touch();
    dog.pause();
    await sleep(50);
    dog.touch(); // ignored while paused
    paused = false;
    const resumedAt = performance.now();
    dog.resume();
    const firedAt = await idle;
    assert.equal(firedWhilePaused, false);
    assert.ok(firedAt - resumedAt >= 20, `fired ${(firedAt - resumedAt).toFixed(1)} ms after resume`);
  });

  it('stays silent once stopped', async () => {
    const { dog, idle, done } = watchdog(10);
    let fired = false;
    void idle.then(() => (fired = true));
    dog.touch();
    dog.stop();
    await sleep(40);
    done();
    assert.equal(fired, false);
  });
});
