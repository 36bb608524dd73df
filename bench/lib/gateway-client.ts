// The benchmark's HTTP/1.1 client of the gateway: one keep-alive agent, like Claude Code's.
// A turn is timed from the request being written to its first body byte and to its end.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { BENCH_CLIENT_KEY } from './gateway-process.js';

/** Marks an Anthropic SSE text delta. */
const TEXT_DELTA = '"type":"text_delta"';

export interface TurnTiming {
  status: number;
  /** ms from sending the request to the first body byte (headers are held until the first event). */
  firstByteMs: number;
  /** ms from sending the request to the chunk holding the first text delta (-1: none). */
  firstTextMs: number;
  /** ms from sending the request to the end of the response. */
  totalMs: number;
  bytes: number;
  body: Buffer;
}

export class GatewayClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  private readonly url: URL;

  constructor(baseUrl: string) {
    this.url = new URL(baseUrl);
  }

  /** POSTs an Anthropic Messages body and reads the whole response. */
  messages(body: Buffer, options: { keepBody?: boolean } = {}): Promise<TurnTiming> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      let firstByteMs = -1;
      let firstTextMs = -1;
      let tail = '';
      let bytes = 0;
      const chunks: Buffer[] = [];
      const request = this.post(body, (response) => {
        response.on('data', (chunk: Buffer) => {
          if (firstByteMs < 0) firstByteMs = performance.now() - started;
          if (firstTextMs < 0) {
            // The tail of the previous chunk too, in case the marker straddles two.
            const seen = tail + chunk.toString('latin1');
            if (seen.includes(TEXT_DELTA)) firstTextMs = performance.now() - started;
            tail = seen.slice(-TEXT_DELTA.length);
          }
          bytes += chunk.length;
          if (options.keepBody) chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, firstByteMs, firstTextMs, totalMs: performance.now() - started, bytes, body: Buffer.concat(chunks) }),
        );
        response.on('error', reject);
      });
      request.on('error', reject);
    });
  }

  /**
   * POSTs a body and resolves once the first body byte has arrived, leaving the response open;
   * `close()` drops it (the gateway then cancels the upstream run).
   */
  open(body: Buffer): Promise<{ close(): void }> {
    return new Promise((resolve, reject) => {
      const request = this.post(body, (response) => {
        response.once('data', () => resolve({ close: () => request.destroy() }));
        response.on('error', () => {});
      });
      request.on('error', reject);
    });
  }

  async health(): Promise<Record<string, unknown>> {
    const response = await fetch(new URL('/health', this.url));
    return (await response.json()) as Record<string, unknown>;
  }

  close(): void {
    this.agent.destroy();
  }

  private post(body: Buffer, onResponse: (response: http.IncomingMessage) => void): http.ClientRequest {
    const request = http.request(
      {
        host: this.url.hostname,
        port: this.url.port,
        path: '/v1/messages?beta=true',
        method: 'POST',
        agent: this.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'anthropic-version': '2023-06-01',
          'x-api-key': BENCH_CLIENT_KEY,
        },
      },
      onResponse,
    );
    request.end(body);
    return request;
  }
}
