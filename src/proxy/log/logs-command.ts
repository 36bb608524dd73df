// `thalamus logs`: the request log as a table (or JSON lines), the last N and, with --follow,
// what comes next. Bad lines in the log are skipped and counted on stderr, never fatal.
import type { RequestRecord } from './request-record.js';
import { followRequestLog, readRequestLog } from './request-log.js';

export interface LogsOptions {
  configDir: string;
  json: boolean;
  follow: boolean;
  limit: number;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Ends --follow. */
  signal: AbortSignal;
}

export const DEFAULT_LOGS_LIMIT = 20;

export async function logsCommand(options: LogsOptions): Promise<number> {
  const { records, skipped } = await readRequestLog(options.configDir, options.limit);
  const reportSkipped = (count: number) => options.err(`thalamus: skipped ${count} unreadable line${count === 1 ? '' : 's'} in the request log\n`);
  if (skipped > 0) reportSkipped(skipped);
  const print = (record: RequestRecord) => options.out((options.json ? JSON.stringify(record) : formatRecord(record)) + '\n');
  if (!options.json && (records.length > 0 || options.follow)) options.out(HEADER + '\n');
  if (records.length === 0 && !options.follow && !options.json) options.err('thalamus: the request log is empty\n');
  records.forEach(print);
  if (options.follow) await followRequestLog(options.configDir, print, { signal: options.signal, onSkipped: reportSkipped });
  return 0;
}

const COLUMNS: Array<{ title: string; width: number; value: (record: RequestRecord) => string }> = [
  { title: 'time', width: 19, value: (r) => localTime(r.time) },
  { title: 'status', width: 6, value: (r) => String(r.status) },
  { title: 'api', width: 9, value: (r) => r.api },
  { title: 'model → cursor', width: 40, value: (r) => (r.cursorModel && r.cursorModel !== r.model ? `${r.model} → ${r.cursorModel}` : r.model) },
  { title: 'outcome', width: 16, value: (r) => r.outcome },
  { title: 'ttft', width: 7, value: (r) => (r.ttftMs === undefined ? '-' : seconds(r.ttftMs)) },
  { title: 'time', width: 7, value: (r) => seconds(r.durationMs) },
  { title: 'tokens in/out', width: 15, value: (r) => (r.inputTokens === undefined ? '-' : `${r.inputTokens}/${r.outputTokens ?? 0}`) },
  { title: 'tools', width: 5, value: (r) => String(r.toolCalls) },
  { title: 'id', width: 0, value: (r) => r.id },
];

const HEADER = COLUMNS.map((column) => column.title.padEnd(column.width)).join(' ').trimEnd();

/** One record as a table row; a failure's message follows on its own indented line. */
export function formatRecord(record: RequestRecord): string {
  const row = COLUMNS.map((column) => column.value(record).padEnd(column.width)).join(' ').trimEnd();
  return record.errorMessage ? `${row}\n    ${record.errorMessage}` : row;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
}

/** `YYYY-MM-DD HH:MM:SS` in the local time zone. */
function localTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
