// Where a turn's response begins. Retry, fallback and the first-byte deadline act only before
// the first event that starts it; the run serving the turn, usage, refused built-in tools and
// answered interaction queries are bookkeeping and may be held back until then.
import type { TurnEvent } from '../events.js';

export function startsResponse(event: TurnEvent): boolean {
  return event.type !== 'usage' && event.type !== 'builtin_rejected' && event.type !== 'run' && event.type !== 'interaction';
}

/** A turn read up to the event that starts its response. */
export interface OpenedTurn {
  /** Bookkeeping events that came before it. */
  held: TurnEvent[];
  /** The event that starts the response (an `error` when it failed first); undefined if the turn ended without one. */
  first?: TurnEvent;
  /** The rest of the turn. Returning it cancels the upstream run. */
  rest: AsyncIterator<TurnEvent>;
}

export async function openTurn(events: AsyncIterable<TurnEvent>): Promise<OpenedTurn> {
  const rest = events[Symbol.asyncIterator]();
  const held: TurnEvent[] = [];
  for (let step = await rest.next(); !step.done; step = await rest.next()) {
    if (!startsResponse(step.value)) held.push(step.value);
    else return { held, first: step.value, rest };
  }
  return { held, rest };
}

/** The opened turn's events again, in order; leaving early cancels the rest. */
export async function* replay({ held, first, rest }: OpenedTurn): AsyncGenerator<TurnEvent> {
  yield* held;
  if (first === undefined) return;
  yield first;
  yield* { [Symbol.asyncIterator]: () => rest };
}

/** The upstream error the turn failed with before its response began, if it did. */
export function failedFirst(opened: OpenedTurn): Extract<TurnEvent, { type: 'error' }>['error'] | undefined {
  return opened.first?.type === 'error' ? opened.first.error : undefined;
}
