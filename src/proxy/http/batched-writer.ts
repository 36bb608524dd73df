// Writes a streaming response in batches: frames written during one turn of the event loop
// go out together in one res.write when it ends (setImmediate). One upstream HTTP/2 read can
// carry hundreds of deltas; written one by one, each would cost a chunk, a writev and a
// keep-alive timer reset. The first write goes out at once: time to first byte is what a
// client feels, and the rest of that turn (the run's end, bookkeeping) need not delay it.
import type { ServerResponse } from 'node:http';

export class BatchedWriter {
  private pending = '';
  private flushScheduled: NodeJS.Immediate | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private wroteFirst = false;

  /** `keepAlive` is written after `keepAliveMs` without a write. */
  constructor(
    private readonly res: ServerResponse,
    private readonly keepAliveMs: number,
    private readonly keepAlive: () => string,
  ) {}

  write(frames: string): void {
    if (this.stopped || !frames) return;
    this.pending += frames;
    if (!this.wroteFirst) {
      this.wroteFirst = true;
      return this.flush();
    }
    this.flushScheduled ??= setImmediate(() => this.flush());
  }

  /** Writes what is pending at once (before ending or dropping the response). */
  flush(): void {
    clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    const frames = this.pending;
    this.pending = '';
    if (this.stopped || this.res.writableEnded || this.res.destroyed) return;
    if (frames) this.res.write(frames);
    if (this.keepAliveTimer) this.keepAliveTimer.refresh();
    else this.keepAliveTimer = setTimeout(() => this.write(this.keepAlive()), this.keepAliveMs);
  }

  /** Flushes and ends the response. */
  end(): void {
    this.flush();
    this.stop();
    if (!this.res.writableEnded) this.res.end();
  }

  /** No more writes, keep-alives or flushes; what is pending is dropped. */
  stop(): void {
    this.stopped = true;
    this.pending = '';
    clearImmediate(this.flushScheduled);
    clearTimeout(this.keepAliveTimer);
  }
}
