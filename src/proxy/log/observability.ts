// What the UI asks of the request log, the traffic capture and the bug report, in one place
// for both UI adapters (admin/router.ts over HTTP, main/main-api.ts over IPC).
import type { RequestList } from '../../shared/request-record.js';
import { buildReport, type ReportOptions } from './bug-report.js';
import { readRequestLog } from './request-log.js';

export const DEFAULT_REQUEST_LIST_LIMIT = 200;
const MAX_REQUEST_LIST_LIMIT = 1000;

/** The last `limit` requests, newest first. */
export async function listRequests(configDir: string, limit = DEFAULT_REQUEST_LIST_LIMIT): Promise<RequestList> {
  const bounded = Math.max(1, Math.min(MAX_REQUEST_LIST_LIMIT, Math.floor(limit) || DEFAULT_REQUEST_LIST_LIMIT));
  const { records, skipped } = await readRequestLog(configDir, bounded);
  return { records: records.reverse(), skipped };
}

/** `thalamus-report-20260101-120000.zip` */
export function reportFileName(now = new Date()): string {
  return `thalamus-report-${now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.zip`;
}

export async function reportZip(options: ReportOptions): Promise<{ fileName: string; data: Uint8Array }> {
  const now = options.now ?? new Date();
  return { fileName: reportFileName(now), data: await buildReport({ ...options, now }) };
}
