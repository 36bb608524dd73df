// The Connect end-of-stream frame (reference §3.1) and the Connect JSON error that unary calls
// and failed HTTP answers carry (§3.2). `details[].value` holds aiserver.v1.ErrorDetails.
import { create, fromBinary } from '@bufbuild/protobuf';
import {
  type ErrorDetails,
  CustomErrorDetailsSchema,
  ErrorDetailsSchema,
  ErrorDetails_Error,
} from '../../gen/aiserver/v1/error_details_pb.js';

export interface ConnectErrorJson {
  /** Connect code string, e.g. `resource_exhausted`. */
  code: string;
  message: string;
  details: ErrorDetails[];
}

export interface EndStream {
  error?: ConnectErrorJson;
  metadata: Record<string, string[]>;
}

/** Parses the end-stream payload; an unreadable payload becomes an `internal` error. */
export function parseEndStream(payload: Uint8Array): EndStream {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { metadata: {}, error: { code: 'internal', message: 'Unreadable end-of-stream frame from Cursor', details: [] } };
  }
  const record = isRecord(json) ? json : {};
  return {
    error: record.error === undefined || record.error === null ? undefined : parseConnectErrorJson(record.error),
    metadata: parseMetadata(record.metadata),
  };
}

/** A Connect JSON error object (`{code, message, details}`); tolerant of missing parts. */
export function parseConnectErrorJson(json: unknown): ConnectErrorJson {
  const record = isRecord(json) ? json : {};
  return {
    code: typeof record.code === 'string' ? record.code : 'unknown',
    message: typeof record.message === 'string' ? record.message : '',
    details: Array.isArray(record.details) ? record.details.flatMap(decodeErrorDetail) : [],
  };
}

/**
 * One `details[]` entry. `value` is base64 (padding optional, standard or URL-safe alphabet —
 * Node's decoder accepts all of these). Without a readable value, fall back to the `debug`
 * object some servers add (`{error: "ERROR_…", details: {title, detail}}`).
 */
function decodeErrorDetail(entry: unknown): ErrorDetails[] {
  if (!isRecord(entry)) return [];
  if (typeof entry.type === 'string' && !entry.type.endsWith('ErrorDetails')) return [];
  if (typeof entry.value === 'string') {
    try {
      return [fromBinary(ErrorDetailsSchema, Buffer.from(entry.value, 'base64'))];
    } catch {
      // fall through to debug
    }
  }
  return isRecord(entry.debug) ? [fromDebug(entry.debug)] : [];
}

function fromDebug(debug: Record<string, unknown>): ErrorDetails {
  const name = typeof debug.error === 'string' ? debug.error : '';
  const enumValue = (ErrorDetails_Error as unknown as Record<string, number | undefined>)[name.replace(/^ERROR_/, '')];
  const info = isRecord(debug.details) ? debug.details : {};
  return create(ErrorDetailsSchema, {
    error: enumValue ?? ErrorDetails_Error.UNSPECIFIED,
    details: create(CustomErrorDetailsSchema, {
      title: typeof info.title === 'string' ? info.title : '',
      detail: typeof info.detail === 'string' ? info.detail : '',
    }),
  });
}

function parseMetadata(json: unknown): Record<string, string[]> {
  if (!isRecord(json)) return {};
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(json)) {
    const values = Array.isArray(value) ? value : [value];
    out[key.toLowerCase()] = values.filter((v): v is string => typeof v === 'string');
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
