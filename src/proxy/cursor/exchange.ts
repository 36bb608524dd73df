// One request, one whole answer, over the shared HTTP/2 transport: what unary RPCs and the
// auth endpoints need. Callers turn the outcome into their own errors.
import http2, { type IncomingHttpHeaders } from 'node:http2';
import type { Http2Transport } from './transport.js';

export interface ExchangeRequest {
  transport: Http2Transport;
  url: URL;
  /** Request headers; a `:method` entry overrides the transport's POST. */
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** The stream is reset and the exchange fails with `timeout` when the answer takes longer. */
  timeoutMs: number;
}

export interface ExchangeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Why no answer came: the stream could not open or failed, took too long, or closed early. */
export class ExchangeError extends Error {
  constructor(
    readonly reason: 'failed' | 'timeout' | 'closed',
    readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'ExchangeError';
  }
}

/** Resolves with any HTTP answer; rejects with an ExchangeError only when none came. */
export function exchange(request: ExchangeRequest): Promise<ExchangeResponse> {
  return new Promise((resolve, reject) => {
    let stream: http2.ClientHttp2Stream;
    try {
      stream = request.transport.request(request.url, request.headers);
    } catch (error) {
      reject(new ExchangeError('failed', error));
      return;
    }
    const chunks: Buffer[] = [];
    let headers: IncomingHttpHeaders = {};
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(() => {
      stream.close(http2.constants.NGHTTP2_CANCEL);
      settle(() => reject(new ExchangeError('timeout', new Error(`no answer within ${request.timeoutMs / 1000} s`))));
    }, request.timeoutMs);
    stream.on('response', (responseHeaders) => (headers = responseHeaders));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (error) => settle(() => reject(new ExchangeError('failed', error))));
    stream.on('end', () =>
      settle(() =>
        // A stream reset before any response headers also ends: that is no answer.
        headers[':status'] === undefined
          ? reject(new ExchangeError('closed', new Error(`stream ended without an answer (code ${stream.rstCode})`)))
          : resolve({ status: Number(headers[':status']), headers, body: Buffer.concat(chunks) }),
      ),
    );
    stream.on('close', () =>
      settle(() => reject(new ExchangeError('closed', new Error(`stream closed before the answer ended (code ${stream.rstCode})`)))),
    );
    stream.end(request.body);
  });
}
