// Opaque ids in the formats the public APIs use (`msg_…`, `chatcmpl-…`, `req_…`).
import { randomBytes } from 'node:crypto';

export function newId(prefix: string): string {
  return prefix + randomBytes(12).toString('hex');
}
