// Ends a run that went silent. Only real progress (any server message but a heartbeat) rearms
// it: Cursor keeps sending heartbeats while it is stuck as well (reference §7.6). It is paused
// while a run is parked waiting for the client's tool results — then the silence is ours.
export class IdleWatchdog {
  private timer?: NodeJS.Timeout;
  private paused = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly onIdle: () => void,
  ) {}

  /** Progress seen: restart the countdown (no-op while paused). Called for every message. */
  touch(): void {
    if (this.paused) return;
    if (this.timer) {
      this.timer.refresh();
      return;
    }
    this.timer = setTimeout(this.onIdle, this.timeoutMs);
    this.timer.unref();
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
}
