// How a request's numbers and outcome read in the list.
import type { RequestRecord } from '../../../shared/request-record';

export type StatusTone = 'ok' | 'warn' | 'error';

/** Green: answered; amber: the client left or a 4xx; red: a failure (5xx, or an error after the stream began). */
export function statusTone(record: RequestRecord): StatusTone {
  if (record.status >= 500 || (record.status < 300 && record.errorClass)) return 'error';
  if (record.status >= 400 || record.outcome === 'aborted') return 'warn';
  return 'ok';
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
