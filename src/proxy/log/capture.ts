// Traffic capture for bug reports: per request, the client's request and response bodies and
// every Cursor message of the turn decoded to JSON, one file per request in
// `<config dir>/captures/`. Off by default (THALAMUS_CAPTURE=1, `serve --capture` or the UI
// toggle turn it on). Bounded: each body and each message is cut at a size, a file holds at
// most CAPTURE_LIMITS.messages messages, and the folder keeps at most CAPTURE_LIMITS.files files
// and CAPTURE_LIMITS.totalBytes, none older than CAPTURE_LIMITS.maxAgeMs. Everything goes
// through one redaction (redact.ts) before it is written.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UpstreamObserver } from '../cursor/upstream-observer.js';
import { redact } from './redact.js';
import type { RequestRecord } from './request-record.js';

export const CAPTURE_DIR = 'captures';

export const CAPTURE_LIMITS = {
  /** A client request or response body beyond this is cut (the cut says how much was left out). */
  bodyBytes: 1024 * 1024,
  /** One Cursor message beyond this (as JSON) is cut. */
  messageBytes: 64 * 1024,
  /** Cursor messages kept per request; later ones are counted, not kept. */
  messages: 2000,
  files: 200,
  totalBytes: 64 * 1024 * 1024,
  maxAgeMs: 24 * 60 * 60 * 1000,
};

/** Headers that carry credentials: left out of a capture entirely. */
const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'cookie', 'proxy-authorization']);

export interface CapturedRequest {
  id: string;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface CaptureFile {
  id: string;
  time: string;
  request: { method: string; path: string; headers: Record<string, unknown>; body: unknown };
  response: { status: number; body: string };
  upstream: Array<{ time: string; direction: 'sent' | 'received'; message: unknown }>;
  /** Messages beyond CAPTURE_LIMITS.messages, counted but not kept. */
  upstreamDropped: number;
  record?: RequestRecord;
}

export function captureDir(configDir: string): string {
  return join(configDir, CAPTURE_DIR);
}

export class TrafficCapture {
  private on: boolean;
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly configDir: string,
    enabled: boolean,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.on = enabled;
  }

  get enabled(): boolean {
    return this.on;
  }

  setEnabled(on: boolean): void {
    this.on = on;
  }

  /** A capture of one request, or undefined while capture is off. */
  begin(request: CapturedRequest): CaptureSession | undefined {
    if (!this.on) return undefined;
    return new CaptureSession(request, (file) => {
      const done = this.write(file).finally(() => this.writing.delete(done));
      this.writing.add(done);
      return done;
    });
  }

  /** Resolves once the captures being written are on disk. */
  async flush(): Promise<void> {
    await Promise.all([...this.writing]);
  }

  private async write(file: CaptureFile): Promise<void> {
    try {
      const dir = captureDir(this.configDir);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const name = `${file.time.replace(/[:.]/g, '-')}_${file.id.replace(/[^\w-]/g, '')}.json`;
      await writeFile(join(dir, name), redact(JSON.stringify(file, null, 1)), { mode: 0o600 });
      await pruneCaptures(this.configDir);
    } catch (error) {
      this.onError(error);
    }
  }
}

/** Deletes captures past their age, then the oldest beyond the file and byte limits. */
export async function pruneCaptures(configDir: string, now = Date.now()): Promise<void> {
  const dir = captureDir(configDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  const files = await Promise.all(
    names.filter((name) => name.endsWith('.json')).map(async (name) => ({ path: join(dir, name), info: await stat(join(dir, name)).catch(() => undefined) })),
  );
  // Newest first: what survives is the most recent.
  const present = files.flatMap(({ path, info }) => (info ? [{ path, mtime: info.mtimeMs, size: info.size }] : [])).sort((a, b) => b.mtime - a.mtime);
  let kept = 0;
  let bytes = 0;
  for (const file of present) {
    const keep = now - file.mtime <= CAPTURE_LIMITS.maxAgeMs && kept < CAPTURE_LIMITS.files && bytes + file.size <= CAPTURE_LIMITS.totalBytes;
    if (keep) {
      kept += 1;
      bytes += file.size;
    } else {
      await rm(file.path, { force: true });
    }
  }
}

export class CaptureSession {
  private readonly started = new Date();
  private readonly upstream: CaptureFile['upstream'] = [];
  private upstreamDropped = 0;
  private readonly responseChunks: Buffer[] = [];
  private responseBytes = 0;
  private status = 0;
  private finished = false;
  private res?: ServerResponse;

  constructor(
    private readonly request: CapturedRequest,
    private readonly write: (file: CaptureFile) => Promise<void>,
  ) {}

  /** For observeUpstream (cursor/upstream-observer.ts). Messages after finish() are not this request's. */
  readonly observer: UpstreamObserver = (direction, message) => {
    if (this.finished) return;
    if (this.upstream.length >= CAPTURE_LIMITS.messages) {
      this.upstreamDropped += 1;
      return;
    }
    this.upstream.push({ time: new Date().toISOString(), direction, message: capped(message, CAPTURE_LIMITS.messageBytes) });
  };

  /** Copies what is written to `res` (up to the body limit) and its status. */
  teeResponse(res: ServerResponse): void {
    this.res = res;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    const keep = (chunk: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      const room = CAPTURE_LIMITS.bodyBytes - this.responseBytes;
      if (room > 0) this.responseChunks.push(buffer.subarray(0, room));
      this.responseBytes += buffer.length;
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk);
      return write(chunk, ...rest);
    }) as ServerResponse['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk);
      this.status = res.statusCode;
      return end(chunk, ...rest);
    }) as ServerResponse['end'];
  }

  /** Writes the capture once the response is over. */
  async finish(record?: RequestRecord): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const res = this.res;
    // A refused request's error is written after its record is made.
    if (res && !res.writableEnded && !res.destroyed) await new Promise((resolve) => res.once('close', resolve));
    const kept = Buffer.concat(this.responseChunks).toString('utf8');
    const left = this.responseBytes - Math.min(this.responseBytes, CAPTURE_LIMITS.bodyBytes);
    await this.write({
      id: this.request.id,
      time: this.started.toISOString(),
      request: {
        method: this.request.method,
        path: this.request.path,
        headers: Object.fromEntries(Object.entries(this.request.headers).filter(([name]) => !SECRET_HEADERS.has(name.toLowerCase()))),
        body: capped(this.request.body, CAPTURE_LIMITS.bodyBytes),
      },
      response: { status: record?.status ?? this.status, body: left > 0 ? `${kept}…[${left} more bytes not captured]` : kept },
      upstream: this.upstream,
      upstreamDropped: this.upstreamDropped,
      record,
    });
  }
}

/** The value itself when its JSON fits in `limit` bytes; else its JSON cut at the limit, as a string. */
function capped(value: unknown, limit: number): unknown {
  const json = JSON.stringify(value) ?? 'null';
  if (json.length <= limit) return value;
  return `${json.slice(0, limit)}…[${json.length - limit} more characters not captured]`;
}
