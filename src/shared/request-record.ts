// One line of the request log (src/proxy/log/): what a client asked, what Cursor answered, how
// long it took and what it cost. Shared: the gateway writes it, the UI lists it.

/** The public API a request came in on. */
export type RequestApi = 'anthropic' | 'openai' | 'responses';

/** Which Cursor usage pool a model draws on: Auto + Composer, or the API pool (everything else). */
export type UsagePool = 'auto' | 'api';

export interface RequestRecord {
  /** ISO time the request arrived. */
  time: string;
  /** The gateway's request id (the `request-id` response header). */
  id: string;
  api: RequestApi;
  /** The model id as the client asked for it. */
  model: string;
  /** The Cursor model that answered (absent when no run started). */
  cursorModel?: string;
  /** The Cursor model the turn was for, when the fallback chain answered with `cursorModel` instead. */
  fallbackFrom?: string;
  pool?: UsagePool;
  stream: boolean;
  /**
   * The HTTP status sent. A failure after streaming began keeps its 200 (see errorClass);
   * 499 when the client left before any status was sent.
   */
  status: number;
  /** How the turn ended: a stop reason, an error kind, or `aborted` (the client left). */
  outcome: string;
  /** The error kind (events.ts ErrorKind or a gateway refusal) when the request failed. */
  errorClass?: string;
  /** The failure in words, secrets removed. */
  errorMessage?: string;
  /** Milliseconds from arrival to the first text, thinking or tool call. */
  ttftMs?: number;
  durationMs: number;
  /** As reported to the client: Cursor's count, else the local estimate. */
  inputTokens?: number;
  outputTokens?: number;
  /** Client tool calls in this response. */
  toolCalls: number;
  /** The Cursor run (its x-request-id) that served the turn; a tool round trip keeps the same one. */
  runId?: string;
  /** Cursor's mid-run questions and Thalamus's answers, e.g. `webSearchRequestQuery: rejected`. */
  interactions?: string[];
}

/** Records for the UI's request list, newest first. */
export interface RequestList {
  records: RequestRecord[];
  /** Unreadable lines the reader skipped. */
  skipped: number;
}
