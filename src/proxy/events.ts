// The one event vocabulary between the Cursor client and the Anthropic/OpenAI front ends.
// The Cursor side produces these; the front ends consume nothing else.

/** Why a response ended. `tool_use`: the model is waiting for tool results (the run stays open). */
export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens';

/** Classified upstream failure kinds (see cursor/errors.ts for the mapping from the wire). */
export type ErrorKind =
  | 'unauthenticated' // missing, invalid or expired Cursor token
  | 'rate_limited' // short-term throttling: retry soon
  | 'quota_exhausted' // plan/usage limit reached
  | 'outdated_client' // Cursor's "Update Required": the client version is too old
  | 'bad_model' // Cursor does not know or allow the model
  | 'context_too_long' // the conversation does not fit the model's context
  | 'overloaded' // Cursor is unavailable or at capacity
  | 'timeout' // Cursor went silent past the idle watchdog
  | 'internal'; // anything else

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export type TurnEvent =
  | { type: 'text'; text: string }
  | { type: 'thinking'; text: string }
  /** A client tool call. `arguments` is a JSON object text. */
  | { type: 'tool_call'; id: string; name: string; arguments: string }
  /** Cursor asked to run one of its built-in tools; Thalamus refused it. Informational. */
  | { type: 'builtin_rejected'; tool: string; detail: string }
  | { type: 'usage'; usage: Partial<Usage> }
  | { type: 'end'; reason: StopReason; usage: Usage }
  | { type: 'error'; error: UpstreamError };

/** An upstream failure with its classified kind. Cursor's own message is kept for the user. */
export class UpstreamError extends Error {
  readonly kind: ErrorKind;
  /** Seconds the client should wait before retrying, when the kind calls for it. */
  readonly retryAfterSeconds?: number;
  /** The Connect code or HTTP status this came from, for logs. */
  readonly wireCode?: string;

  constructor(kind: ErrorKind, message: string, opts: { retryAfterSeconds?: number; wireCode?: string } = {}) {
    super(message);
    this.name = 'UpstreamError';
    this.kind = kind;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.wireCode = opts.wireCode;
  }
}
