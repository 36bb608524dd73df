// The first-byte deadline, as a wrapper around the Engine: a turn that has produced nothing
// the client would see within the limit is cancelled upstream and ends in an `overloaded`
// error (Anthropic 529, OpenAI 503, with retry-after), which the fallback chain may answer
// with another model. Later silences are the idle watchdog's (cursor/idle-watchdog.ts).
import type { Engine } from '../engine-api.js';
import { type TurnEvent, UpstreamError } from '../events.js';
import { startsResponse } from './response-start.js';
import { wrapTurns } from './wrap-turns.js';

/**
 * Under the run's idle watchdog (120 s), so this fires first, and well under Claude Code's own
 * 600 s request timeout, so its retries still have time.
 */
export const DEFAULT_FIRST_BYTE_TIMEOUT_MS = 90_000;

/** `wireCode` of the error a missed deadline yields; the fallback chain recognises it. */
export const FIRST_BYTE_TIMEOUT = 'first_byte_timeout';

export function withFirstByteTimeout(engine: Engine, timeoutMs: number): Engine {
  return wrapTurns(engine, (conversation, options) =>
    guarded(timeoutMs, options.signal, (signal) => engine.runTurn(conversation, { ...options, signal })),
  );
}

async function* guarded(
  timeoutMs: number,
  outer: AbortSignal,
  start: (signal: AbortSignal) => AsyncIterable<TurnEvent>,
): AsyncGenerator<TurnEvent> {
  // Our own signal: aborting it cancels the upstream run even while the engine is waiting.
  const abort = new AbortController();
  const forward = () => abort.abort();
  outer.addEventListener('abort', forward, { once: true });
  if (outer.aborted) abort.abort();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, timeoutMs);
  try {
    for await (const event of start(abort.signal)) {
      if (timedOut) break;
      if (startsResponse(event)) clearTimeout(timer);
      yield event;
    }
    if (timedOut && !outer.aborted) {
      yield {
        type: 'error',
        error: new UpstreamError('overloaded', `Cursor sent no answer within ${timeoutMs / 1000} s (THALAMUS_FIRST_BYTE_TIMEOUT_MS)`, {
          wireCode: FIRST_BYTE_TIMEOUT,
        }),
      };
    }
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', forward);
  }
}
