// The small HTTP client of the auth endpoints (reference §6): plain JSON requests over the same
// HTTP/2 transport the engine uses, so `http://` base URLs (the fake, the demo) are h2c too.
import { exchange, type ExchangeError } from '../cursor/exchange.js';
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
  return async (request) => {
    // Error messages name the path only: the poll's query string carries the PKCE verifier.
    const where = `${request.url.origin}${request.url.pathname}`;
    try {
      // The transport opens POST streams; a `:method` header overrides it for the GET poll.
      const headers = { ':method': request.method, ...request.headers };
      const response = await exchange({ transport, url: request.url, headers, body: request.body, timeoutMs });
      return { status: response.status, body: response.body.toString('utf8') };
    } catch (error) {
      const { reason, message } = error as ExchangeError;
      if (reason === 'timeout') throw new Error(`${where} did not answer within ${timeoutMs / 1000} s`);
      if (reason === 'closed') throw new Error(`${where} closed the connection before answering`);
      throw new Error(`could not reach ${where}: ${message}`);
    }
  };
}
