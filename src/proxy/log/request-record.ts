// One line of the request log: what a client asked, what Cursor answered, how long it took
// and what it cost. Built by the turn driver (http/turn-response.ts); the file log, the UI's
// request list, usage metering and bug reports all read this one shape.

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

/** Receives each finished request's record. */
export type RecordSink = (record: RequestRecord) => void;

/** `default` (Auto) and Composer models draw on the Auto + Composer pool; the rest on the API pool. */
export function poolOf(cursorModel: string | undefined): UsagePool | undefined {
  if (!cursorModel) return undefined;
  return cursorModel === 'default' || cursorModel.startsWith('composer-') ? 'auto' : 'api';
}

/** Several sinks as one; a sink that throws does not keep the record from the others. */
export function fanOut(sinks: RecordSink[], onError: (error: unknown) => void = () => {}): RecordSink {
  return (record) => {
    for (const sink of sinks) {
      try {
        sink(record);
      } catch (error) {
        onError(error);
      }
    }
  };
}
