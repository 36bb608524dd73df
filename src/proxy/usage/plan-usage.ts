// The plan meters, cached: Cursor is asked at most once a minute while requests flow, every ten
// minutes when someone looks and nothing flows, at once after a pool-type error, and never in
// the background when idle. One fetch at a time. The latest meters are also written to the config
// dir, where the CLI (`thalamus usage`, `thalamus statusline`) reads them without asking again.
import type { PlanMeters } from '../../shared/usage.js';
import type { DashboardAnswers } from './dashboard.js';
import { readSharedMeters, writeSharedMeters } from './meters-file.js';
import { readMeters } from './plan-meters.js';

export const ACTIVE_TTL_MS = 60_000;
export const IDLE_TTL_MS = 10 * 60_000;
/** A burst of quota errors asks Cursor once, not once per error. */
const POOL_ERROR_MIN_AGE_MS = 5_000;

export interface PlanUsageOptions {
  fetch(): Promise<DashboardAnswers>;
  /** Where the meters are shared with the CLI; none: memory only. */
  configDir?: string;
  now?: () => Date;
  activeTtlMs?: number;
  idleTtlMs?: number;
}

export class PlanUsage {
  private meters?: PlanMeters;
  private fetchedAt = 0;
  private requestsSinceFetch = false;
  private inFlight?: Promise<PlanMeters>;
  private readonly now: () => Date;

  constructor(private readonly options: PlanUsageOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** The meters known now, without asking Cursor. */
  current(): PlanMeters | undefined {
    return this.meters;
  }

  /** Fresh-enough meters; `refresh` asks Cursor whatever the cache says. Never rejects. */
  get({ refresh = false } = {}): Promise<PlanMeters> {
    if (!refresh && this.meters && this.isFresh()) return Promise.resolve(this.meters);
    return this.fetchOnce();
  }

  /** A request went upstream: refresh in the background once the meters are a minute old. */
  noteRequest(): void {
    this.requestsSinceFetch = true;
    if (!this.meters || this.age() >= (this.options.activeTtlMs ?? ACTIVE_TTL_MS)) void this.fetchOnce();
  }

  /** Cursor said a quota ran out: what the meters said a minute ago is no longer worth showing. */
  afterPoolError(): Promise<PlanMeters> {
    if (this.meters && this.age() < POOL_ERROR_MIN_AGE_MS) return Promise.resolve(this.meters);
    return this.fetchOnce();
  }

  /** Adopts the meters another process wrote, when they are younger than the idle TTL. */
  async loadShared(): Promise<PlanMeters | undefined> {
    if (!this.options.configDir) return undefined;
    const shared = await readSharedMeters(this.options.configDir);
    if (!shared) return this.meters;
    const at = Date.parse(shared.fetchedAt);
    if (at > this.fetchedAt) {
      this.meters = shared;
      this.fetchedAt = at;
    }
    return this.meters;
  }

  private isFresh(): boolean {
    const ttl = this.requestsSinceFetch ? (this.options.activeTtlMs ?? ACTIVE_TTL_MS) : (this.options.idleTtlMs ?? IDLE_TTL_MS);
    return this.age() < ttl;
  }

  private age(): number {
    return this.now().getTime() - this.fetchedAt;
  }

  private fetchOnce(): Promise<PlanMeters> {
    this.inFlight ??= this.fetchNow().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchNow(): Promise<PlanMeters> {
    this.requestsSinceFetch = false;
    const answers = await this.options.fetch().catch((error: Error) => allFailed(`could not ask Cursor: ${error.message}`));
    const meters = readMeters(answers, this.now());
    this.meters = meters;
    this.fetchedAt = Date.parse(meters.fetchedAt);
    if (this.options.configDir) await writeSharedMeters(this.options.configDir, meters);
    return meters;
  }
}

function allFailed(reason: string): DashboardAnswers {
  const failed = { ok: false, reason } as const;
  return { GetCurrentPeriodUsage: failed, GetPlanInfo: failed, GetHardLimit: failed };
}
