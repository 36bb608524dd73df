// Connect binary unary calls (reference §3.2): body and answer are bare protobuf; a failure is
// an HTTP status with a Connect JSON error body.
import http2 from 'node:http2';
import type { Http2Transport } from './transport.js';
import { parseConnectErrorJson } from './end-stream.js';
import { UpstreamError } from '../events.js';
import { type WireError, classifyWireError, transportError } from './errors.js';

export interface UnaryCall {
  transport: Http2Transport;
  url: URL;
  headers: Record<string, string>;
  body: Uint8Array;
  /** The call is reset and fails with `timeout` when the answer takes longer. */
  timeoutMs: number;
}

/** Resolves with the response bytes of a 200 answer; rejects with a classified UpstreamError. */
export function callUnary(call: UnaryCall): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    let stream: http2.ClientHttp2Stream;
    try {
      stream = call.transport.request(call.url, call.headers);
    } catch (err) {
      reject(transportError(err));
      return;
    }
    const chunks: Buffer[] = [];
    let status = 0;
    let retryAfter: string | undefined;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(() => {
      stream.close(http2.constants.NGHTTP2_CANCEL);
      settle(() => reject(new UpstreamError('timeout', `Cursor did not answer within ${call.timeoutMs / 1000} s`)));
    }, call.timeoutMs);
    stream.on('response', (headers) => {
      status = Number(headers[':status']);
      retryAfter = firstHeader(headers['retry-after']);
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (err) => settle(() => reject(transportError(err))));
    stream.on('end', () => {
      const body = Buffer.concat(chunks);
      if (status === 200) return settle(() => resolve(new Uint8Array(body)));
      settle(() => reject(classifyWireError({ ...errorBody(body), httpStatus: status, retryAfter })));
    });
    stream.on('close', () =>
      settle(() => reject(transportError(new Error(`stream closed before the answer ended (code ${stream.rstCode})`)))),
    );
    stream.end(call.body);
  });
}

/** What a failed call's body says: a Connect JSON error, or a snippet of plain text. */
export function errorBody(body: Buffer): Pick<WireError, 'code' | 'message' | 'details'> {
  const text = body.toString('utf8');
  try {
    const parsed = parseConnectErrorJson(JSON.parse(text));
    // Without a code, the HTTP status decides (Connect spec), so drop the placeholder.
    return { code: parsed.code === 'unknown' ? undefined : parsed.code, message: parsed.message, details: parsed.details };
  } catch {
    return { message: text.trim().slice(0, 200) || undefined };
  }
}

export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
