// Runs parked between a `tool_use` response and the client's tool results (reference §5.4
// strategy 1), found again by the ids of the tool calls they wait for. A run left parked past
// its time limit is cancelled; a run whose stream dies leaves the registry by itself.
import type { Logger } from '../log/logger.js';

/** What the registry needs of a run (CursorRun implements it). */
export interface ParkableRun {
  readonly id: string;
  /** Tool-call ids of the `tool_use` response the run waits on. */
  readonly awaitedToolCallIds: string[];
  onClose(listener: () => void): void;
  cancel(): void;
}

export const DEFAULT_PARKED_RUN_TTL_MS = 30 * 60 * 1000;

interface ParkedEntry<Run> {
  run: Run;
  fingerprint: string;
  toolCallIds: string[];
  timer: NodeJS.Timeout;
}

export class ParkedRuns<Run extends ParkableRun> {
  private readonly byToolCallId = new Map<string, ParkedEntry<Run>>();
  private readonly entries = new Set<ParkedEntry<Run>>();

  constructor(
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {}

  /** Parks a run that is waiting for the results of its `awaitedToolCallIds`. */
  park(run: Run, fingerprint: string): void {
    const toolCallIds = run.awaitedToolCallIds;
    const timer = setTimeout(() => {
      this.logger.info('cursor run: parked too long, cancelled', { runId: run.id });
      this.remove(entry);
      run.cancel();
    }, this.ttlMs);
    timer.unref();
    const entry: ParkedEntry<Run> = { run, fingerprint, toolCallIds, timer };
    this.cancelOwning(toolCallIds);
    this.entries.add(entry);
    for (const id of toolCallIds) this.byToolCallId.set(id, entry);
    run.onClose(() => this.remove(entry));
  }

  /**
   * The run that every one of `toolCallIds` belongs to, if it was declared with the same
   * fingerprint (model and tools); it leaves the registry.
   */
  take(toolCallIds: string[], fingerprint: string): Run | undefined {
    const entry = toolCallIds.length ? this.byToolCallId.get(toolCallIds[0]) : undefined;
    if (!entry || entry.fingerprint !== fingerprint) return undefined;
    if (!toolCallIds.every((id) => this.byToolCallId.get(id) === entry)) return undefined;
    this.remove(entry);
    return entry.run;
  }

  /** Cancels every parked run waiting for any of these ids (the conversation moved on without it). */
  cancelOwning(toolCallIds: string[]): void {
    for (const id of toolCallIds) {
      const entry = this.byToolCallId.get(id);
      if (!entry) continue;
      this.remove(entry);
      entry.run.cancel();
    }
  }

  cancelAll(): void {
    for (const entry of [...this.entries]) {
      this.remove(entry);
      entry.run.cancel();
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private remove(entry: ParkedEntry<Run>): void {
    if (!this.entries.delete(entry)) return;
    clearTimeout(entry.timer);
    for (const id of entry.toolCallIds) {
      if (this.byToolCallId.get(id) === entry) this.byToolCallId.delete(id);
    }
  }
}
