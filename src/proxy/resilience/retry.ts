// Transparent retry, as a wrapper around the Engine: a turn that fails before anything reached
// the client, for a reason a retry can fix (ERROR_KIND_TRAITS: a dropped or reset connection,
// GOAWAY/ENHANCE_YOUR_CALM, `unavailable`, throttling), is run again on a fresh stream after a
// jittered wait (backoff.ts). The transport has already drained a session at fault, so a retry
// after a session fault runs on a fresh session. Once a response has begun, nothing is retried.
import type { Conversation } from '../conversation.js';
import type { Engine, TurnOptions } from '../engine-api.js';
import { isRetryable, type TurnEvent, type UpstreamError } from '../events.js';
import type { Logger } from '../log/logger.js';
import { retryDelay, type RetryPolicy } from './backoff.js';
import { FIRST_BYTE_TIMEOUT } from './first-byte-timeout.js';
import { failedFirst, openTurn, replay } from './response-start.js';
import { wrapTurns } from './wrap-turns.js';

export interface RetryOptions {
  policy: RetryPolicy;
  logger: Logger;
  /** Default Math.random (tests fix it). */
  random?: () => number;
  /** Default: a timer; resolves early when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

export function withRetry(engine: Engine, options: RetryOptions): Engine {
  return wrapTurns(engine, (conversation, turn) => retried(engine, conversation, turn, options));
}

/** A failure worth another attempt: retryable by kind, and not a deadline already spent waiting. */
export function worthRetrying(error: UpstreamError): boolean {
  return isRetryable(error.kind) && error.wireCode !== FIRST_BYTE_TIMEOUT;
}

async function* retried(engine: Engine, conversation: Conversation, turn: TurnOptions, options: RetryOptions): AsyncGenerator<TurnEvent> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  const started = now();
  for (let retry = 1; ; retry++) {
    const opened = await openTurn(engine.runTurn(conversation, turn));
    const failure = failedFirst(opened);
    const delay =
      failure && !turn.signal.aborted && worthRetrying(failure)
        ? retryDelay(options.policy, retry, now() - started, random(), secondsToMs(failure.retryAfterSeconds))
        : undefined;
    if (delay === undefined) {
      // Committed (or out of retries): this attempt is the answer.
      yield* replay(opened);
      return;
    }
    await opened.rest.return?.();
    options.logger.warn('cursor turn retried', { kind: failure!.kind, wireCode: failure!.wireCode, retry, delayMs: delay, model: turn.model.id });
    await sleep(delay, turn.signal);
    if (turn.signal.aborted) return;
  }
}

function secondsToMs(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : seconds * 1000;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
