// Which turn events start the client's response. Retry, fallback and the first-byte deadline
// act only before the first of these; usage, refused built-in tools, the run notice and
// answered interaction queries are bookkeeping.
import type { TurnEvent } from '../events.js';

export function startsResponse(event: TurnEvent): boolean {
  return event.type !== 'usage' && event.type !== 'builtin_rejected' && event.type !== 'run' && event.type !== 'interaction';
}
