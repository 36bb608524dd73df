// The one event vocabulary between the Cursor client and the Anthropic/OpenAI front ends.
// The Cursor side produces these; the front ends consume nothing else.

/** Why a response ended. `tool_use`: the model is waiting for tool results (the run stays open). */
export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens';

/**
 * Every failure kind the gateway knows, upstream and local, in ONE vocabulary. Cursor's wire
 * failures are classified into these in cursor/errors.ts; each dialect's errors.ts maps every
 * kind to its HTTP status and error type; retry and fallback read ERROR_KIND_TRAITS.
 */
export type ErrorKind =
  | 'unauthenticated' // missing, invalid or expired Cursor token ("log in again")
  | 'rate_limited' // short-term throttling: wait a little, then retry
  | 'quota_exhausted' // a usage pool (auto or API) is used up; UpstreamError.pool / resetsAt say which and until when
  | 'outdated_client' // Cursor's "Update Required": the announced client version is too old
  | 'unknown_model' // Cursor (or the gateway) does not know the model
  | 'model_not_allowed' // the model exists but the plan does not include it (plan-gated)
  | 'context_too_long' // the conversation does not fit the model's context window
  | 'overloaded' // transient: Cursor unavailable, at capacity, internal, or the connection dropped
  | 'timeout' // Cursor went silent past the idle watchdog
  | 'invalid_request' // the request is malformed or refused as such (ours, or Cursor's invalid_argument / failed_precondition)
  | 'forbidden' // not allowed (a foreign Host or Origin, or Cursor's permission_denied)
  | 'not_found' // no such route, object or model entry (ours, or Cursor's not_found)
  | 'request_too_large' // the body is over the gateway's limit
  | 'internal'; // anything else: a bug or an answer nobody classified

/** What a kind means for retry and fallback, independent of any HTTP status. */
export interface ErrorKindTraits {
  /**
   * `now`: transient; the same request retried at once (before any output) may well succeed.
   * `later`: throttling; retry after a wait (`retryAfterSeconds` when known).
   * `never`: retrying the same request cannot help (the caller, the login or the plan must change).
   */
  retry: 'now' | 'later' | 'never';
  /** Another model might answer where this one cannot (pool used up, plan-gated, unknown model). */
  otherModelMayWork: boolean;
}

export const ERROR_KIND_TRAITS: Readonly<Record<ErrorKind, ErrorKindTraits>> = {
  unauthenticated: { retry: 'never', otherModelMayWork: false },
  rate_limited: { retry: 'later', otherModelMayWork: false },
  // The pool refills only at the billing cycle's end; the other pool (Auto/Composer) may still work.
  quota_exhausted: { retry: 'never', otherModelMayWork: true },
  outdated_client: { retry: 'never', otherModelMayWork: false },
  unknown_model: { retry: 'never', otherModelMayWork: true },
  model_not_allowed: { retry: 'never', otherModelMayWork: true },
  // Clients compact and resend; a model with a larger window could take it as is.
  context_too_long: { retry: 'never', otherModelMayWork: true },
  overloaded: { retry: 'now', otherModelMayWork: true },
  timeout: { retry: 'now', otherModelMayWork: true },
  invalid_request: { retry: 'never', otherModelMayWork: false },
  forbidden: { retry: 'never', otherModelMayWork: false },
  not_found: { retry: 'never', otherModelMayWork: false },
  request_too_large: { retry: 'never', otherModelMayWork: false },
  internal: { retry: 'never', otherModelMayWork: false },
};

/** A retry of the same request could succeed (at once or after a wait). */
export function isRetryable(kind: ErrorKind): boolean {
  return ERROR_KIND_TRAITS[kind].retry !== 'never';
}

/** A transient failure an immediate retry, before the first byte, could fix (not throttling). */
export function isTransient(kind: ErrorKind): boolean {
  return ERROR_KIND_TRAITS[kind].retry === 'now';
}

/** Cursor's two usage pools (cursor-limits.md §2): Auto + Composer, and named third-party models. */
export type UsagePool = 'auto' | 'api';

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
  /**
   * Cursor ran its own web search (only on a turn that declared a web search tool). The Anthropic
   * writer shows it as server_tool_use + web_search_tool_result, the Responses writer as a
   * web_search_call item; Chat Completions ignores it.
   */
  | { type: 'web_search'; query: string; outcome: WebSearchOutcome }
  /**
   * Informational, first in every turn that reaches Cursor: the run serving it (its
   * x-request-id; a tool round trip continues the same one) and the Cursor model it runs on.
   * Writers show nothing for it; the turn driver puts it in the request log.
   */
  | {
      type: 'run';
      runId: string;
      model: string;
      /** Set when the fallback chain (resilience/fallback.ts) runs the turn on `model` instead of this one. */
      fallbackFrom?: string;
    }
  /**
   * Informational: Cursor asked a mid-run question (interaction query) and how Thalamus answered
   * (`rejected`, `approved`, …, or `cancelled` for an arm it does not know). For the request log.
   */
  | { type: 'interaction'; query: string; answer: string }
  | { type: 'usage'; usage: Partial<Usage> }
  | { type: 'end'; reason: StopReason; usage: Usage }
  | { type: 'error'; error: UpstreamError };

export interface WebSearchHit {
  title: string;
  url: string;
  /** Cursor's text excerpt of the page. */
  snippet: string;
}

/** The hits kept after the domain filters, or why there are none (Anthropic's error codes). */
export type WebSearchOutcome =
  | { hits: WebSearchHit[] }
  | { errorCode: 'unavailable' | 'max_uses_exceeded'; message: string };

/** An upstream failure with its classified kind. Cursor's own message is kept for the user. */
export class UpstreamError extends Error {
  readonly kind: ErrorKind;
  /** Seconds the client should wait before retrying, when the kind calls for it. */
  readonly retryAfterSeconds?: number;
  /** The Connect code or HTTP status this came from, for logs. */
  readonly wireCode?: string;
  /** quota_exhausted: which pool is used up, when known. */
  readonly pool?: UsagePool;
  /** quota_exhausted: when the pool refills (the billing cycle's end), when known. */
  readonly resetsAt?: Date;

  constructor(kind: ErrorKind, message: string, opts: UpstreamErrorOptions = {}) {
    super(message);
    this.name = 'UpstreamError';
    this.kind = kind;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.wireCode = opts.wireCode;
    this.pool = opts.pool;
    this.resetsAt = opts.resetsAt;
  }
}

export interface UpstreamErrorOptions {
  retryAfterSeconds?: number;
  wireCode?: string;
  pool?: UsagePool;
  resetsAt?: Date;
}
