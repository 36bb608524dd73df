// The durable request log: one JSON line per request in `<config dir>/logs/requests.jsonl`,
// rotated at 4 MiB with 3 older files kept (at most 16 MiB), surviving restarts. The writer is
// a RecordSink for gateway.ts; the readers serve `thalamus logs`, the UI list, usage and reports.
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import { redact } from './redact.js';
import type { RecordSink, RequestRecord } from './request-record.js';
import { RotatingFile, rotatedPaths } from './rotating-file.js';

export const LOG_DIR = 'logs';
const NAME = 'requests';
export const REQUEST_LOG_MAX_BYTES = 4 * 1024 * 1024;
export const REQUEST_LOG_KEEP_ROTATED = 3;

export function requestLogDir(configDir: string): string {
  return join(configDir, LOG_DIR);
}

/** The log files, newest first. */
export function requestLogPaths(configDir: string): string[] {
  return rotatedPaths(requestLogDir(configDir), NAME, REQUEST_LOG_KEEP_ROTATED);
}

export interface RequestLogWriter {
  sink: RecordSink;
  flush(): Promise<void>;
}

export function openRequestLog(
  configDir: string,
  options: { maxBytes?: number; onError?: (error: unknown) => void } = {},
): RequestLogWriter {
  const file = new RotatingFile({
    dir: requestLogDir(configDir),
    name: NAME,
    maxBytes: options.maxBytes ?? REQUEST_LOG_MAX_BYTES,
    keepRotated: REQUEST_LOG_KEEP_ROTATED,
    onError: options.onError,
  });
  // Records hold no body, but an error message can quote one: redacted again on the way to disk.
  return { sink: (record) => file.append(redact(JSON.stringify(record))), flush: () => file.flush() };
}

export interface ReadResult {
  /** Oldest first. */
  records: RequestRecord[];
  /** Lines that were not a record (corrupt, truncated by a crash, hand-edited). */
  skipped: number;
}

/** A parsed line when it is a record; undefined otherwise. */
export function parseRecordLine(line: string): RequestRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Partial<RequestRecord>;
  const valid =
    typeof record.time === 'string' &&
    typeof record.id === 'string' &&
    typeof record.api === 'string' &&
    typeof record.model === 'string' &&
    typeof record.status === 'number' &&
    typeof record.durationMs === 'number';
  return valid ? (record as RequestRecord) : undefined;
}

function parseLines(text: string, into: RequestRecord[]): number {
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const record = parseRecordLine(line);
    if (record) into.push(record);
    else skipped += 1;
  }
  return skipped;
}

/** The last `limit` records (all when omitted), oldest first. Reads back only as many files as it needs. */
export async function readRequestLog(configDir: string, limit = Infinity): Promise<ReadResult> {
  const chunks: RequestRecord[][] = [];
  let count = 0;
  let skipped = 0;
  for (const path of requestLogPaths(configDir)) {
    if (count >= limit) break;
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const records: RequestRecord[] = [];
    skipped += parseLines(text, records);
    chunks.unshift(records);
    count += records.length;
  }
  const records = chunks.flat();
  return { records: records.slice(Math.max(0, records.length - limit)), skipped };
}

export interface FollowOptions {
  signal: AbortSignal;
  /** How often the file is looked at. */
  intervalMs?: number;
  onSkipped?: (lines: number) => void;
  /** Called once the follower knows where the log ends: records appended after this are seen. */
  onReady?: () => void;
}

/**
 * Calls `onRecord` for each record appended to the live log from now on, until `signal` aborts.
 * A rotation (the file shrinks or is replaced) starts over at the new file's beginning; a line
 * still being written waits for its newline.
 */
export async function followRequestLog(configDir: string, onRecord: RecordSink, options: FollowOptions): Promise<void> {
  const path = requestLogPaths(configDir)[0]!;
  const statOf = () => stat(path).catch(() => undefined);
  const first = await statOf();
  let position = first?.size ?? 0;
  let inode = first?.ino;
  // Bytes after the last newline: a line (maybe a character) still being written.
  let partial: Buffer = Buffer.alloc(0);
  options.onReady?.();
  while (!options.signal.aborted) {
    // Rejects when the signal aborts; the loop condition then ends the follow.
    await wait(options.intervalMs ?? 500, undefined, { signal: options.signal }).catch(() => {});
    if (options.signal.aborted) break;
    const info = await statOf();
    if (!info) continue;
    if (info.ino !== inode || info.size < position) {
      inode = info.ino;
      position = 0;
      partial = Buffer.alloc(0);
    }
    if (info.size === position) continue;
    const handle = await open(path, 'r');
    let chunk: Buffer;
    try {
      const buffer = Buffer.alloc(info.size - position);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      position += bytesRead;
      chunk = Buffer.concat([partial, buffer.subarray(0, bytesRead)]);
    } finally {
      await handle.close();
    }
    const end = chunk.lastIndexOf(0x0a) + 1;
    partial = chunk.subarray(end);
    const records: RequestRecord[] = [];
    const skipped = parseLines(chunk.subarray(0, end).toString('utf8'), records);
    if (skipped > 0) options.onSkipped?.(skipped);
    for (const record of records) onRecord(record);
  }
}
