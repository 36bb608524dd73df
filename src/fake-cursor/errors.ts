// Connect error wire forms (reference §3.1, §3.2): the JSON error object, the HTTP status a
// unary call (or a rejected Run) answers with, and the aiserver.v1.ErrorDetails entry.
import { create, toBinary, toJson } from '@bufbuild/protobuf';
import { ErrorDetailsSchema } from '../gen/aiserver/v1/error_details_pb.js';
import type { FakeError } from './types.js';

/** Connect code → HTTP status, as the Connect protocol specifies for unary errors. */
const HTTP_STATUS_BY_CODE: Record<string, number> = {
  canceled: 499,
  unknown: 500,
  invalid_argument: 400,
  deadline_exceeded: 504,
  not_found: 404,
  already_exists: 409,
  permission_denied: 403,
  resource_exhausted: 429,
  failed_precondition: 400,
  aborted: 409,
  out_of_range: 400,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
  data_loss: 500,
  unauthenticated: 401,
};

export function httpStatusForCode(code: string): number {
  return HTTP_STATUS_BY_CODE[code] ?? 500;
}

export interface ConnectErrorDetail {
  type: string;
  /** base64 (no padding) of the serialized detail message. */
  value: string;
  debug?: unknown;
}

export interface ConnectErrorJson {
  code: string;
  message: string;
  details?: ConnectErrorDetail[];
}

export function connectErrorJson(error: FakeError): ConnectErrorJson {
  const json: ConnectErrorJson = { code: error.code, message: error.message };
  if (error.detailsError !== undefined) json.details = [errorDetailsEntry(error, error.detailsError)];
  return json;
}

/** The Connect end-stream payload that reports `error` on a stream. */
export function endStreamErrorJson(error: FakeError): string {
  // Connect carries trailers in end-stream `metadata`; a throttling server may put retry-after there.
  const metadata = error.retryAfterSeconds === undefined ? undefined : { 'retry-after': [String(error.retryAfterSeconds)] };
  return JSON.stringify({ error: connectErrorJson(error), metadata });
}

function errorDetailsEntry(error: FakeError, detailsError: number): ConnectErrorDetail {
  const details = create(ErrorDetailsSchema, {
    error: detailsError,
    details: { title: error.detailsTitle ?? '', detail: error.detailsDetail ?? error.message },
  });
  return {
    type: ErrorDetailsSchema.typeName,
    value: Buffer.from(toBinary(ErrorDetailsSchema, details)).toString('base64').replace(/=+$/, ''),
    // The readable twin some clients look at (reference §3.1: debug.error, debug.details.title|detail).
    debug: toJson(ErrorDetailsSchema, details),
  };
}
