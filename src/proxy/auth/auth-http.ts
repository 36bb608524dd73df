// The small HTTP client of the auth endpoints (reference §6): plain JSON requests over the same
// HTTP/2 transport the engine uses, so `http://` base URLs (the fake, the demo) are h2c too.
import http2 from 'node:http2';
import type { Http2Transport } from '../cursor/transport.js';

export interface AuthHttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

export interface AuthHttpResponse {
  status: number;
  body: string;
}

/** Resolves with any HTTP answer; rejects only when no answer came (network, timeout). */
export type AuthHttp = (request: AuthHttpRequest) => Promise<AuthHttpResponse>;

export const AUTH_HTTP_TIMEOUT_MS = 15_000;

export function http2AuthHttp(transport: Http2Transport, timeoutMs = AUTH_HTTP_TIMEOUT_MS): AuthHttp {
  return (request) =>
    new Promise((resolve, reject) => {
      // Error messages name the path only: the poll's query string carries the PKCE verifier.
      const where = `${request.url.origin}${request.url.pathname}`;
      let stream: http2.ClientHttp2Stream;
      try {
        // The transport opens POST streams; a `:method` header overrides it for the GET poll.
        stream = transport.request(request.url, { ':method': request.method, ...request.headers });
      } catch (error) {
        reject(new Error(`could not reach ${where}: ${(error as Error).message}`));
        return;
      }
      const chunks: Buffer[] = [];
      let status = 0;
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const timer = setTimeout(() => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        settle(() => reject(new Error(`${where} did not answer within ${timeoutMs / 1000} s`)));
      }, timeoutMs);
      stream.on('response', (headers) => (status = Number(headers[':status'])));
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => settle(() => reject(new Error(`could not reach ${where}: ${error.message}`))));
      stream.on('end', () => settle(() => resolve({ status, body: Buffer.concat(chunks).toString('utf8') })));
      stream.on('close', () => settle(() => reject(new Error(`${where} closed the connection before answering`))));
      stream.end(request.body);
    });
}
