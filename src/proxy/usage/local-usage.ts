// Local accounting: the requests this gateway forwarded, per local day and per Cursor model,
// aggregated from the request log's records (src/proxy/log/) — seeded from the log files at
// start, then fed each new record. Bounded: only the last DAYS_KEPT days are kept.
import type { LocalDay, ModelTally } from '../../shared/usage.js';
import { readRequestLog } from '../log/request-log.js';
import type { RequestRecord } from '../log/request-record.js';

/** The fields of a request-log record this aggregation reads. */
export type AccountedRecord = Pick<RequestRecord, 'time' | 'cursorModel' | 'inputTokens' | 'outputTokens'>;

export const DAYS_KEPT = 62;

/** YYYY-MM-DD of the local calendar day, so "today" ends at the user's midnight. */
export function localDay(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export class LocalUsage {
  private readonly days = new Map<string, LocalDay>();
  private seeding: Promise<void> = Promise.resolve();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Counts one forwarded request. Records without a Cursor model (no run started) are not requests to Cursor. */
  add(record: AccountedRecord): void {
    if (!record.cursorModel) return;
    const at = new Date(record.time);
    if (Number.isNaN(at.getTime())) return;
    const key = localDay(at);
    let day = this.days.get(key);
    if (!day) {
      day = { day: key, ...zero(), byModel: {} };
      this.days.set(key, day);
      this.prune();
    }
    const model = (day.byModel[record.cursorModel] ??= zero());
    for (const tally of [day, model]) {
      tally.requests += 1;
      tally.inputTokens += record.inputTokens ?? 0;
      tally.outputTokens += record.outputTokens ?? 0;
    }
  }

  today(): LocalDay {
    const key = localDay(this.now());
    return this.days.get(key) ?? { day: key, ...zero(), byModel: {} };
  }

  /** The last `count` days ending today, oldest first, days without requests included. */
  recent(count = 14): LocalDay[] {
    const result: LocalDay[] = [];
    const cursor = this.now();
    for (let index = count - 1; index >= 0; index--) {
      const date = new Date(cursor.getFullYear(), cursor.getMonth(), cursor.getDate() - index);
      const key = localDay(date);
      result.push(this.days.get(key) ?? { day: key, ...zero(), byModel: {} });
    }
    return result;
  }

  /**
   * Counts the records the request log in `configDir` holds (it is bounded, so this is too) from
   * before `before`: a gateway seeds while it already serves, and what it serves it adds itself.
   */
  seedFromLog(configDir: string, before = this.now()): Promise<void> {
    this.seeding = readRequestLog(configDir)
      .catch(() => ({ records: [] as RequestRecord[] }))
      .then(({ records }) => {
        for (const record of records) if (new Date(record.time) < before) this.add(record);
      });
    return this.seeding;
  }

  /** Resolves once what the log held at start is counted (at once when nothing is being read). */
  seeded(): Promise<void> {
    return this.seeding;
  }

  private prune(): void {
    if (this.days.size <= DAYS_KEPT) return;
    const oldest = [...this.days.keys()].sort().slice(0, this.days.size - DAYS_KEPT);
    for (const key of oldest) this.days.delete(key);
  }
}

function zero(): ModelTally {
  return { requests: 0, inputTokens: 0, outputTokens: 0 };
}
