// HTTP/2 sessions to Cursor: one per origin, reused by every call (runs are long-lived bidi
// streams on it). `https://` is TLS with ALPN h2 (NODE_EXTRA_CA_CERTS applies by itself; `ca`
// replaces the trust store, for tests); `http://` is h2c with prior knowledge.
import http2 from 'node:http2';
import { type Logger, silentLogger } from '../log.js';

export interface TransportOptions {
  /** PEM trust anchors replacing the default store (tests against a self-signed server). */
  ca?: string | Buffer;
  logger?: Logger;
}

interface SessionEntry {
  session: http2.ClientHttp2Session;
  activeStreams: number;
}

export class Http2Transport {
  private readonly sessions = new Map<string, SessionEntry>();
  private readonly logger: Logger;

  constructor(private readonly options: TransportOptions = {}) {
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * Opens a POST stream to `url`. The session is kept referenced while it has streams and
   * unreferenced when idle, so an idle connection never keeps the process alive.
   */
  request(url: URL, headers: Record<string, string>): http2.ClientHttp2Stream {
    const entry = this.sessionFor(url.origin);
    const stream = entry.session.request({ ':method': 'POST', ':path': url.pathname + url.search, ...headers });
    entry.activeStreams++;
    entry.session.ref();
    stream.once('close', () => {
      entry.activeStreams--;
      if (entry.activeStreams === 0 && !entry.session.destroyed) entry.session.unref();
    });
    return stream;
  }

  /** Closes every session; streams still open are destroyed. */
  async close(): Promise<void> {
    const entries = [...this.sessions.values()];
    this.sessions.clear();
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
    const cached = this.sessions.get(origin);
    if (cached && !cached.session.closed && !cached.session.destroyed) return cached;

    const session = http2.connect(origin, this.options.ca ? { ca: this.options.ca } : {});
    const entry: SessionEntry = { session, activeStreams: 0 };
    // Any sign that the connection is going away drops it from the cache; the next call
    // opens a fresh one. Streams already on it see their own error/close.
    const forget = () => {
      if (this.sessions.get(origin) === entry) this.sessions.delete(origin);
    };
    session.on('goaway', forget);
    session.on('close', forget);
    session.on('error', (err) => {
      forget();
      this.logger.warn('cursor http2 session error', { origin, code: (err as { code?: string }).code, message: err.message });
    });
    session.unref();
    this.sessions.set(origin, entry);
    return entry;
  }
}
