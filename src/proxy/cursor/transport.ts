// HTTP/2 sessions to Cursor: a small pool per origin, reused by every call (runs are long-lived
// bidi streams). `https://` is TLS with ALPN h2 (NODE_EXTRA_CA_CERTS applies by itself; `ca`
// replaces the trust store, for tests); `http://` is h2c with prior knowledge.
//
// One session carries every stream until it saturates: its stream limit is reached, or
// uploads are queued on it (the connection's flow-control window is shared, so a small request
// behind a multi-MB one waits for it, and Node refuses new streams with ENHANCE_YOUR_CALM once
// a session holds too much unsent data). Then the next stream opens on another session, up to
// MAX_SESSIONS_PER_ORIGIN. A session that misbehaves (GOAWAY, ENHANCE_YOUR_CALM or a protocol
// error on a stream, a session error) is drained: no new streams, those on it finish, and the
// next call opens a fresh one.
import http2 from 'node:http2';
import { type Logger, silentLogger } from '../log/logger.js';

export interface TransportOptions {
  /** PEM trust anchors replacing the default store (tests against a self-signed server). */
  ca?: string | Buffer;
  logger?: Logger;
}

/** Sessions one origin may have open at once. */
export const MAX_SESSIONS_PER_ORIGIN = 4;
/** Unsent request bytes after which a session counts as busy uploading. */
export const UPLOAD_SATURATION_BYTES = 1024 * 1024;
/** Streams per session at most, even if the server allows more (Node's default limit is 100). */
const MAX_STREAMS_PER_SESSION = 100;
/**
 * Node's per-session memory ceiling, in MB (default 10), past which it refuses new streams
 * with ENHANCE_YOUR_CALM: one Claude Code request may carry up to 32 MiB.
 */
const MAX_SESSION_MEMORY_MB = 64;

/** Stream reset codes that mean the session itself is in trouble, not just the stream. */
const SESSION_FAULT_CODES: ReadonlySet<number> = new Set([
  http2.constants.NGHTTP2_ENHANCE_YOUR_CALM,
  http2.constants.NGHTTP2_PROTOCOL_ERROR,
  http2.constants.NGHTTP2_INTERNAL_ERROR,
  http2.constants.NGHTTP2_FLOW_CONTROL_ERROR,
  http2.constants.NGHTTP2_COMPRESSION_ERROR,
]);

interface SessionEntry {
  readonly session: http2.ClientHttp2Session;
  readonly streams: Set<http2.ClientHttp2Stream>;
  /** No new streams: the session is closing once those on it finish. */
  draining: boolean;
}

export interface TransportStats {
  /** Sessions open or draining, per origin. */
  sessions: number;
  /** Sessions ever opened. */
  opened: number;
  /** Sessions drained because they misbehaved. */
  drained: number;
}

export class Http2Transport {
  private readonly pools = new Map<string, SessionEntry[]>();
  private readonly logger: Logger;
  private opened = 0;
  private drained = 0;

  constructor(private readonly options: TransportOptions = {}) {
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * Opens a POST stream to `url`. A session is kept referenced while it has streams and
   * unreferenced when idle, so an idle connection never keeps the process alive.
   */
  request(url: URL, headers: Record<string, string>): http2.ClientHttp2Stream {
    const entry = this.sessionFor(url.origin);
    const stream = entry.session.request({ ':method': 'POST', ':path': url.pathname + url.search, ...headers });
    entry.streams.add(stream);
    entry.session.ref();
    stream.once('close', () => {
      entry.streams.delete(stream);
      if (SESSION_FAULT_CODES.has(stream.rstCode ?? 0)) this.drain(url.origin, entry, `stream reset with code ${stream.rstCode}`);
      if (entry.streams.size === 0 && !entry.session.destroyed) entry.session.unref();
    });
    return stream;
  }

  stats(): TransportStats {
    let sessions = 0;
    for (const pool of this.pools.values()) sessions += pool.length;
    return { sessions, opened: this.opened, drained: this.drained };
  }

  /** Closes every session; streams still open are destroyed. */
  async close(): Promise<void> {
    const entries = [...this.pools.values()].flat();
    this.pools.clear();
    await Promise.all(
      entries.map(
        ({ session }) =>
          new Promise<void>((resolve) => {
            if (session.destroyed) return resolve();
            session.once('close', () => resolve());
            session.destroy();
          }),
      ),
    );
  }

  private sessionFor(origin: string): SessionEntry {
    const pool = this.pools.get(origin) ?? [];
    const usable = pool.filter((entry) => !entry.draining && !entry.session.closed && !entry.session.destroyed);
    const free = usable.find((entry) => !isSaturated(entry));
    if (free) return free;
    if (usable.length < MAX_SESSIONS_PER_ORIGIN) return this.connect(origin);
    // Every session is busy: the one with the least queued upload waits least.
    return usable.reduce((best, entry) => (unsentBytes(entry) < unsentBytes(best) ? entry : best));
  }

  private connect(origin: string): SessionEntry {
    const session = http2.connect(origin, { maxSessionMemory: MAX_SESSION_MEMORY_MB, ...(this.options.ca ? { ca: this.options.ca } : {}) });
    const entry: SessionEntry = { session, streams: new Set(), draining: false };
    this.opened++;
    session.on('goaway', (errorCode: number) => this.drain(origin, entry, `GOAWAY with code ${errorCode}`));
    session.on('close', () => this.forget(origin, entry));
    session.on('error', (err) => {
      this.drain(origin, entry, `session error ${(err as { code?: string }).code ?? err.message}`);
      this.forget(origin, entry);
    });
    session.unref();
    const pool = this.pools.get(origin);
    if (pool) pool.push(entry);
    else this.pools.set(origin, [entry]);
    return entry;
  }

  /** No new streams on `entry`; it closes once the streams on it are done. */
  private drain(origin: string, entry: SessionEntry, reason: string): void {
    if (entry.draining) return;
    entry.draining = true;
    this.drained++;
    this.logger.warn('cursor http2 session drained', { origin, reason, streams: entry.streams.size });
    if (!entry.session.closed && !entry.session.destroyed) entry.session.close();
  }

  private forget(origin: string, entry: SessionEntry): void {
    const pool = this.pools.get(origin);
    if (!pool) return;
    const remaining = pool.filter((candidate) => candidate !== entry);
    if (remaining.length > 0) this.pools.set(origin, remaining);
    else this.pools.delete(origin);
  }
}

function isSaturated(entry: SessionEntry): boolean {
  const limit = Math.min(entry.session.remoteSettings?.maxConcurrentStreams ?? MAX_STREAMS_PER_SESSION, MAX_STREAMS_PER_SESSION);
  return entry.streams.size >= limit || unsentBytes(entry) > UPLOAD_SATURATION_BYTES;
}

/** Request bytes written but not yet sent on `entry`: queued behind flow control or the socket. */
function unsentBytes(entry: SessionEntry): number {
  let bytes = entry.session.socket?.writableLength ?? 0;
  for (const stream of entry.streams) bytes += stream.writableLength;
  return bytes;
}
