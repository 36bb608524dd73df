// The Cursor engine with its resilience wrappers, innermost first: the first-byte deadline per
// attempt, transparent retry before the first byte, the opt-in fallback chain. gateway.ts
// composes this once.
import type { Engine } from '../engine-api.js';
import { type Logger, silentLogger } from '../log/logger.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.js';
import { ExhaustedModels } from './exhausted-models.js';
import { withFallback, type FallbackNotice } from './fallback.js';
import type { FallbackChains } from './fallback-chain.js';
import { DEFAULT_FIRST_BYTE_TIMEOUT_MS, withFirstByteTimeout } from './first-byte-timeout.js';
import { withRetry } from './retry.js';

export interface ResilienceOptions {
  firstByteTimeoutMs?: number;
  retryPolicy?: RetryPolicy;
  /** The fallback chains, read per turn; default none. */
  fallbackChains?: () => FallbackChains;
  onFallback?: (notice: FallbackNotice) => void;
  logger?: Logger;
}

export function resilientEngine(engine: Engine, options: ResilienceOptions = {}): Engine {
  const logger = options.logger ?? silentLogger;
  const timed = withFirstByteTimeout(engine, options.firstByteTimeoutMs ?? DEFAULT_FIRST_BYTE_TIMEOUT_MS);
  const retried = withRetry(timed, { policy: options.retryPolicy ?? DEFAULT_RETRY_POLICY, logger });
  return withFallback(retried, {
    chains: options.fallbackChains ?? (() => new Map()),
    exhausted: new ExhaustedModels(),
    logger,
    onFallback: options.onFallback,
  });
}
