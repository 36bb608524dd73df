// A Clock whose time moves only when the test says so: back-off and timeouts without waiting.
import type { Clock } from '../../src/main/backoff.js';

interface Timer {
  at: number;
  callback: () => void;
}

export class FakeClock implements Clock {
  private time = 1_000_000;
  private readonly timers = new Set<Timer>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { at: this.time + ms, callback };
    this.timers.add(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as Timer);
  }

  /** Delays of the timers now pending, soonest first. */
  pending(): number[] {
    return [...this.timers].map((timer) => timer.at - this.time).sort((a, b) => a - b);
  }

  /** Moves time forward, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const next = [...this.timers].filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers.delete(next);
      this.time = next.at;
      next.callback();
    }
    this.time = until;
  }
}
