// The Cursor engine with its resilience wrappers, innermost first: the first-byte deadline per
// attempt. gateway.ts composes this once.
import type { Engine } from '../engine-api.js';
import { DEFAULT_FIRST_BYTE_TIMEOUT_MS, withFirstByteTimeout } from './first-byte-timeout.js';

export interface ResilienceOptions {
  firstByteTimeoutMs?: number;
}

export function resilientEngine(engine: Engine, options: ResilienceOptions = {}): Engine {
  return withFirstByteTimeout(engine, options.firstByteTimeoutMs ?? DEFAULT_FIRST_BYTE_TIMEOUT_MS);
}
