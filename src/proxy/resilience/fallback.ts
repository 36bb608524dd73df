// The opt-in fallback chain, as a wrapper around the Engine: a turn on the first model of a
// chain (fallback-chain.ts) that fails before its first byte because the model cannot answer
// now — its pool used up, the plan does not include it, retries used up, the first-byte
// deadline passed — is run on the next model of the chain. The answer names the model that
// gave it: the `run` event carries `fallbackFrom`, which the turn driver turns into the
// response's model and `x-thalamus-model`; `onFallback` tells the app (tray notification).
import type { Conversation } from '../conversation.js';
import type { Engine, TurnOptions } from '../engine-api.js';
import { type ErrorKind, isRetryable, type TurnEvent, type UpstreamError } from '../events.js';
import type { Logger } from '../log/logger.js';
import type { ExhaustedModels } from './exhausted-models.js';
import type { FallbackChains } from './fallback-chain.js';
import { failedFirst, type OpenedTurn, openTurn, replay } from './response-start.js';
import { wrapTurns } from './wrap-turns.js';

export interface FallbackNotice {
  /** The Cursor model the turn was for. */
  requested: string;
  /** The Cursor model that answered. */
  answered: string;
  /** Why the models before it did not. */
  reason: ErrorKind;
}

export interface FallbackOptions {
  /** Read per turn, so a changed setting applies to the next turn. */
  chains: () => FallbackChains;
  exhausted: ExhaustedModels;
  logger: Logger;
  onFallback?: (notice: FallbackNotice) => void;
}

/** A failure another model may not share: used-up pool, plan-gated model, or retries used up. */
export function triggersFallback(error: UpstreamError): boolean {
  return error.kind === 'quota_exhausted' || error.kind === 'model_not_allowed' || isRetryable(error.kind);
}

export function withFallback(engine: Engine, options: FallbackOptions): Engine {
  return wrapTurns(engine, (conversation, turn) => fallenBack(engine, conversation, turn, options));
}

async function* fallenBack(engine: Engine, conversation: Conversation, turn: TurnOptions, options: FallbackOptions): AsyncGenerator<TurnEvent> {
  const requested = turn.model.id;
  const chain = options.chains().get(requested);
  if (!chain) {
    yield* engine.runTurn(conversation, turn);
    return;
  }
  const models = [requested, ...chain];
  let reason: ErrorKind | undefined;
  for (const [index, id] of models.entries()) {
    // A model whose pool is known to be used up is skipped while a later one may still answer.
    if (options.exhausted.has(id) && models.slice(index + 1).some((later) => !options.exhausted.has(later))) {
      reason ??= 'quota_exhausted';
      continue;
    }
    const model = id === requested ? turn.model : { id, thinking: false };
    const opened = await openTurn(engine.runTurn(conversation, { ...turn, model }));
    const failure = failedFirst(opened);
    if (failure) options.exhausted.note(id, failure);
    const last = index === models.length - 1;
    if (failure && !last && !turn.signal.aborted && triggersFallback(failure)) {
      await opened.rest.return?.();
      options.logger.warn('cursor model unavailable; falling back', { model: id, next: models[index + 1], kind: failure.kind, message: failure.message });
      reason = failure.kind;
      continue;
    }
    if (id !== requested) {
      if (!failure) options.onFallback?.({ requested, answered: id, reason: reason ?? 'overloaded' });
      yield* replay(namedAfterFallback(opened, requested));
    } else {
      yield* replay(opened);
    }
    return;
  }
}

/** The opened turn with its `run` event marked as standing in for `requested`. */
function namedAfterFallback(opened: OpenedTurn, requested: string): OpenedTurn {
  const held = opened.held.map((event) => (event.type === 'run' ? { ...event, fallbackFrom: requested } : event));
  return { ...opened, held };
}
