// Upstream failures in words a person understands, for the status page and the test chat.
// The HTTP error table (http/error-status.ts) speaks to clients; this speaks to the user.
import type { ErrorKind } from './events.js';
import { redact } from './log/logger.js';

const WORDS: Readonly<Record<ErrorKind, string>> = {
  unauthenticated: 'Cursor did not accept the login. Log in again.',
  rate_limited: 'Cursor is limiting how fast requests may come. Clients retry on their own; wait a moment.',
  quota_exhausted: "A usage pool of your Cursor plan is used up.",
  outdated_client: 'Cursor says the client version Thalamus announces is too old. Set THALAMUS_CLIENT_VERSION to your Cursor version and restart.',
  unknown_model: 'Cursor does not offer that model. Pick another one.',
  model_not_allowed: 'Your Cursor plan does not include that model. Pick another one.',
  context_too_long: 'The conversation is too long for the model.',
  overloaded: 'Cursor is overloaded or unavailable right now. Try again in a minute.',
  timeout: 'Cursor stopped answering in the middle of a reply.',
  invalid_request: 'The request was refused as invalid.',
  forbidden: 'That is not allowed.',
  not_found: 'Not found.',
  request_too_large: 'The request is too large.',
  internal: 'Something went wrong between Thalamus and Cursor.',
};

/** The sentence for a failure kind, with the original message (usually Cursor's) as detail. */
export function describeFailure(kind: ErrorKind, detail?: string): string {
  const words = WORDS[kind];
  const said = detail?.trim();
  return said ? `${words} (${redact(said)})` : words;
}
