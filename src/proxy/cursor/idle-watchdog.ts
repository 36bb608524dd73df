// Ends a run that went silent. Only real progress (any server message but a heartbeat) rearms
// it: Cursor keeps sending heartbeats while it is stuck as well (reference §7.6). It is paused
// while a run is parked waiting for the client's tool results — then the silence is ours.
//
// Progress is a timestamp, not a timer reset: touch() runs for every text delta, and moving a
// timer each time cost more than the rest of relaying the delta. The one timer checks, when it
// fires, whether progress came since, and if so waits out the rest.
import { performance } from 'node:perf_hooks';

export class IdleWatchdog {
  private timer?: NodeJS.Timeout;
  private lastProgress = 0;
  private paused = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly onIdle: () => void,
  ) {}

  /** Progress seen: the countdown starts again (no-op while paused). Called for every message. */
  touch(): void {
    if (this.paused) return;
    this.lastProgress = performance.now();
    if (!this.timer) this.arm(this.timeoutMs);
  }

  pause(): void {
    this.paused = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  resume(): void {
    this.paused = false;
    this.touch();
  }

  stop(): void {
    this.pause();
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => this.check(), ms);
    this.timer.unref();
  }

  private check(): void {
    this.timer = undefined;
    const idle = performance.now() - this.lastProgress;
    // Timers may fire a little early by performance.now(): wait out at least a millisecond more.
    if (idle >= this.timeoutMs) this.onIdle();
    else this.arm(Math.max(1, this.timeoutMs - idle));
  }
}
