// The one driver from an engine turn to an HTTP response, for both APIs and both modes.
//
// - No header is written before the turn's first visible event: a failure that comes first
//   (bad token, rate limit, unknown model) becomes a real HTTP status the client can act on.
// - Once streaming, an idle stream gets a keep-alive (Anthropic `ping`) every keepAliveMs.
// - The client going away aborts the engine turn (and so the upstream run) at once.
// - A retryable failure after the stream began drops the connection so the client retries.
import type { ServerResponse } from 'node:http';
import { countConversationTokens } from '../tokens/count-tokens.js';
import type { Engine, TurnModel } from '../engine-api.js';
import { isRetryable, type TurnEvent } from '../events.js';
import { ApiError, toApiError } from './api-error.js';
import type { Dialect, ParsedTurnRequest, StreamEncoder, TurnContext } from './dialect.js';
import { sendError } from './error-response.js';
import { type Logger, redact } from '../log/logger.js';
import { observeUpstream } from '../cursor/upstream-observer.js';
import type { CaptureSession } from '../log/capture.js';
import { poolOf, type RecordSink, type RequestApi, type RequestRecord } from '../log/request-record.js';
import { BatchedWriter } from './batched-writer.js';
import { SSE_HEADERS } from './sse.js';

/** Variant: Anthropic's own interval; Claude Code gives up on a silent stream after 300 s. */
export const DEFAULT_KEEPALIVE_MS = 10_000;

export interface TurnResponseOptions {
  engine: Engine;
  dialect: Dialect;
  request: ParsedTurnRequest;
  model: TurnModel;
  requestId: string;
  res: ServerResponse;
  keepAliveMs: number;
  log: Logger;
  /** Gets the request's record when the response is over. */
  records?: RecordSink;
  /** performance.now() when the request arrived; default: when the turn starts. */
  receivedAt?: number;
  /** This request's traffic capture, when capture is on. */
  capture?: CaptureSession;
}

/**
 * The token estimate is counted on first read. A class getter, not an object literal with a
 * getter: in V8 a per-request literal whose getter closes over the request kept every request's
 * body alive through young-generation GCs until the next full GC. Measured on a bare node:http
 * server with the Claude Code body: 2.4 MB copied per scavenge (6-9 ms pauses) against 3.5 KB
 * (0.1 ms) with a class; in the gateway, 45 KB of each request survived scavenges, 12 KB now, and
 * gateway CPU per request fell from 4.2 to 2.9 ms.
 */
class LazyTurnContext implements TurnContext {
  clientModel: string;
  readonly includeUsage: boolean;
  private estimate?: number;

  constructor(private readonly request: ParsedTurnRequest) {
    this.clientModel = request.conversation.model;
    this.includeUsage = request.includeUsage;
  }

  get estimatedInputTokens(): number {
    return (this.estimate ??= countConversationTokens(this.request.conversation));
  }
}

/** Where a turn's events go: an SSE stream or one JSON body. */
interface TurnSink {
  event(event: TurnEvent): void;
  fail(error: ApiError): void;
  /** The iteration is over, whatever happened. */
  close(): void;
}

export async function respondWithTurn(options: TurnResponseOptions): Promise<void> {
  const { engine, request, model, res, log, requestId } = options;
  const context = new LazyTurnContext(request);
  const abort = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) abort.abort();
  };
  res.on('close', onClose);
  if (request.notes?.length) log.warn('request asked for what Cursor cannot do', { requestId, api: options.dialect.name, notes: request.notes });
  const sink = request.stream ? streamSink(options, context) : jsonSink(options, context);
  const tally = new TurnTally(options.receivedAt ?? performance.now());
  // The first event needs the token estimate (message_start carries it). Counting takes up to
  // a millisecond even when memoised, so it runs once the upstream request is on its way
  // (the engine sends it in the microtasks drive starts), while Cursor is thinking.
  const countWhileWaiting = setImmediate(() => context.estimatedInputTokens);
  try {
    const onRun = (run: Extract<TurnEvent, { type: 'run' }>) => {
      // The run comes before any output, so headers are still unsent; a model the fallback
      // chain stood in with answers under its own name.
      if (!res.headersSent) res.setHeader('x-thalamus-model', run.model);
      if (run.fallbackFrom !== undefined) context.clientModel = run.model;
    };
    const turn = () => drive(engine.runTurn(request.conversation, { model, signal: abort.signal }), sink, abort.signal, log, requestId, tally, onRun);
    await (options.capture ? observeUpstream(options.capture.observer, turn) : turn());
  } finally {
    clearImmediate(countWhileWaiting);
    res.off('close', onClose);
    const record = tally.record({ options, estimatedInputTokens: () => context.estimatedInputTokens });
    log.info('turn', { ...record });
    options.records?.(record);
    void options.capture?.finish(record);
  }
}

/** The record of a turn request refused before it reached the engine (bad body, unknown model). */
export function rejectedTurnRecord(fields: {
  api: RequestApi;
  requestId: string;
  model: string;
  stream: boolean;
  status: number;
  error: ApiError;
  receivedAt: number;
}): RequestRecord {
  const durationMs = Math.round(performance.now() - fields.receivedAt);
  return {
    time: new Date(Date.now() - durationMs).toISOString(),
    id: fields.requestId,
    api: fields.api,
    model: fields.model,
    stream: fields.stream,
    status: fields.status,
    outcome: fields.error.kind,
    errorClass: fields.error.kind,
    errorMessage: redact(fields.error.message),
    durationMs,
    toolCalls: 0,
  };
}

/** What a turn did, counted as its events pass, for the request log. */
class TurnTally {
  outcome?: string;
  error?: ApiError;
  runId?: string;
  cursorModel?: string;
  fallbackFrom?: string;
  firstOutputAt?: number;
  toolCalls = 0;
  readonly interactions: string[] = [];
  inputTokens = 0;
  outputTokens = 0;
  ended = false;

  constructor(readonly receivedAt: number) {}

  see(event: TurnEvent): void {
    switch (event.type) {
      case 'run':
        this.runId = event.runId;
        this.cursorModel = event.model;
        this.fallbackFrom = event.fallbackFrom;
        break;
      case 'interaction':
        this.interactions.push(`${event.query}: ${event.answer}`);
        break;
      case 'text':
      case 'thinking':
      case 'tool_call':
        this.firstOutputAt ??= performance.now();
        if (event.type === 'tool_call') this.toolCalls += 1;
        break;
      case 'usage':
      case 'end':
        // Zero means "Cursor did not say", as in UsageTally.
        if (event.usage.inputTokens) this.inputTokens = event.usage.inputTokens;
        if (event.usage.outputTokens) this.outputTokens = event.usage.outputTokens;
        if (event.type === 'end') this.ended = true;
        break;
    }
  }

  record({ options, estimatedInputTokens }: { options: TurnResponseOptions; estimatedInputTokens: () => number }): RequestRecord {
    const { res, request, dialect, requestId } = options;
    const durationMs = Math.round(performance.now() - this.receivedAt);
    const outcome = this.outcome ?? 'aborted';
    return {
      time: new Date(Date.now() - durationMs).toISOString(),
      id: requestId,
      api: dialect.name,
      model: request.conversation.model,
      cursorModel: this.cursorModel,
      fallbackFrom: this.fallbackFrom,
      pool: poolOf(this.cursorModel),
      stream: request.stream,
      status: res.headersSent ? res.statusCode : CLIENT_CLOSED_STATUS,
      outcome,
      errorClass: this.error?.kind,
      errorMessage: this.error ? redact(this.error.message) : undefined,
      ttftMs: this.firstOutputAt === undefined ? undefined : Math.round(this.firstOutputAt - this.receivedAt),
      durationMs,
      inputTokens: this.ended ? this.inputTokens || estimatedInputTokens() : undefined,
      outputTokens: this.ended ? this.outputTokens : undefined,
      toolCalls: this.toolCalls,
      runId: this.runId,
      interactions: this.interactions.length ? this.interactions : undefined,
    };
  }
}

/** Variant: nginx's "client closed request", for a client that left before any status was sent. */
const CLIENT_CLOSED_STATUS = 499;

/** Feeds events to the sink, counting them in `tally`, whose outcome says how the turn ended. */
async function drive(
  events: AsyncIterable<TurnEvent>,
  sink: TurnSink,
  signal: AbortSignal,
  log: Logger,
  requestId: string,
  tally: TurnTally,
  onRun: (run: Extract<TurnEvent, { type: 'run' }>) => void,
): Promise<void> {
  const fail = (error: ApiError) => {
    tally.outcome = error.kind;
    tally.error = error;
    log[error.kind === 'internal' ? 'error' : 'warn']('turn failed', { requestId, kind: error.kind, message: error.message });
    sink.fail(error);
  };
  try {
    for await (const event of events) {
      // Leaving the loop cancels the upstream run: only do it when the client is gone.
      if (signal.aborted) return;
      // After `end` the engine finishes by itself; breaking here would cancel a run parked for tool results.
      if (tally.outcome !== undefined) continue;
      tally.see(event);
      if (event.type === 'interaction') continue;
      if (event.type === 'run') {
        onRun(event);
        continue;
      }
      if (event.type === 'builtin_rejected') {
        log.warn('cursor built-in tool refused', { requestId, tool: event.tool, detail: event.detail });
      } else if (event.type === 'error') {
        fail(toApiError(event.error));
      } else {
        sink.event(event);
        if (event.type === 'end') tally.outcome = event.reason;
      }
    }
    if (tally.outcome === undefined && !signal.aborted) fail(new ApiError('internal', 'the turn ended without a result from Cursor'));
  } catch (error) {
    if (tally.outcome === undefined && !signal.aborted) fail(toApiError(error));
  } finally {
    sink.close();
    if (signal.aborted && tally.error === undefined) tally.outcome = 'aborted';
  }
}

function streamSink({ dialect, request, res, requestId, keepAliveMs }: TurnResponseOptions, context: TurnContext): TurnSink {
  // Made at the first event: it reads the token estimate, which is not counted before the request leaves.
  let encoder: StreamEncoder | undefined;
  const writer = new BatchedWriter(res, keepAliveMs, () => encoder!.keepAlive());
  let started = false;
  return {
    event(event) {
      encoder ??= dialect.createStream(context, request);
      let frames = '';
      // Usage is bookkeeping, not a reason to commit to a 200.
      if (!started && event.type !== 'usage') {
        started = true;
        res.writeHead(200, SSE_HEADERS);
        frames = encoder.open();
      }
      frames += encoder.push(event);
      if (started) writer.write(frames);
      if (event.type === 'end') writer.end();
    },
    fail(error) {
      if (!started) return sendError(res, dialect, error, requestId);
      // Clients do not retry a stream that ended with an error event (Claude Code stops with
      // "API Error"), but they do retry a dropped connection. So a failure worth retrying drops
      // the connection; one that retrying cannot fix is reported in the stream.
      // destroySoon: what was already written still reaches the client, then the socket closes
      // without the stream's terminating chunk.
      if (isRetryable(error.kind)) {
        writer.flush();
        writer.stop();
        return void res.socket?.destroySoon();
      }
      writer.write(encoder!.fail(error, requestId));
      writer.end();
    },
    close() {
      writer.stop();
    },
  };
}

function jsonSink({ dialect, request, res, requestId }: TurnResponseOptions, context: TurnContext): TurnSink {
  const events: TurnEvent[] = [];
  return {
    event(event) {
      events.push(event);
      if (event.type !== 'end') return;
      res.statusCode = 200;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(dialect.accumulate(events, context, request)));
    },
    fail(error) {
      sendError(res, dialect, error, requestId);
    },
    close() {},
  };
}
