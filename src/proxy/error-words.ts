// Upstream failures in words a person understands, for the status page and the test chat.
// The HTTP error table (http/error-status.ts) speaks to clients; this speaks to the user.
import type { ErrorKind } from './events.js';
import { redact } from './log.js';

const WORDS: Readonly<Record<ErrorKind, string>> = {
  unauthenticated: 'Cursor did not accept the login. Log in again.',
  rate_limited: 'Cursor is limiting how fast requests may come. Clients retry on their own; wait a moment.',
  quota_exhausted: "Your Cursor plan's usage limit is reached.",
  outdated_client: 'Cursor says the client version Thalamus announces is too old. Set THALAMUS_CLIENT_VERSION to your Cursor version and restart.',
  bad_model: 'Cursor does not offer that model. Pick another one.',
  context_too_long: 'The conversation is too long for the model.',
  overloaded: 'Cursor is overloaded or unavailable right now. Try again in a minute.',
  timeout: 'Cursor stopped answering in the middle of a reply.',
  internal: 'Something went wrong between Thalamus and Cursor.',
};

export function isErrorKind(kind: string): kind is ErrorKind {
  return Object.hasOwn(WORDS, kind);
}

/** The sentence for a failure kind, with the original message (usually Cursor's) as detail. */
export function describeFailure(kind: ErrorKind, detail?: string): string {
  const words = WORDS[kind];
  const said = detail?.trim();
  return said ? `${words} (${redact(said)})` : words;
}
