// Opaque ids in the formats the public APIs use (`msg_…`, `chatcmpl-…`, `req_…`).
import { randomUUID } from 'node:crypto';

/**
 * 24 hex digits of a v4 UUID (92 random bits; the 13th digit is the version): randomUUID draws
 * from a cached entropy pool, randomBytes goes to OpenSSL on every call.
 */
export function newId(prefix: string): string {
  return prefix + randomUUID().replaceAll('-', '').slice(0, 24);
}
