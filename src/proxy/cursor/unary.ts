// Connect binary unary calls (reference §3.2): body and answer are bare protobuf; a failure is
// an HTTP status with a Connect JSON error body.
import type { Http2Transport } from './transport.js';
import { exchange, type ExchangeError, type ExchangeResponse } from './exchange.js';
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
export async function callUnary(call: UnaryCall): Promise<Uint8Array> {
  let response: ExchangeResponse;
  try {
    response = await exchange(call);
  } catch (error) {
    const { reason, cause } = error as ExchangeError;
    throw reason === 'timeout' ? new UpstreamError('timeout', `Cursor did not answer within ${call.timeoutMs / 1000} s`) : transportError(cause);
  }
  if (response.status === 200) return new Uint8Array(response.body);
  throw classifyWireError({
    ...errorBody(response.body),
    httpStatus: response.status,
    retryAfter: firstHeader(response.headers['retry-after']),
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
