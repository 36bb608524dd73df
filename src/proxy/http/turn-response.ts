// The one driver from an engine turn to an HTTP response, for both APIs and both modes.
//
// - No header is written before the turn's first visible event: a failure that comes first
//   (bad token, rate limit, unknown model) becomes a real HTTP status the client can act on.
// - Once streaming, an idle stream gets a keep-alive (Anthropic `ping`) every keepAliveMs.
// - The client going away aborts the engine turn (and so the upstream run) at once.
// - A retryable failure after the stream began drops the connection so the client retries.
import type { ServerResponse } from 'node:http';
import { countConversationTokens } from '../count-tokens.js';
import type { Engine, TurnModel } from '../engine-api.js';
import { isRetryable, type TurnEvent } from '../events.js';
import { ApiError, toApiError } from './api-error.js';
import type { Dialect, ParsedTurnRequest, StreamEncoder, TurnContext } from './dialect.js';
import { sendError } from './error-response.js';
import type { Logger } from '../log.js';
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
  let estimate: number | undefined;
  const context: TurnContext = {
    clientModel: request.conversation.model,
    get estimatedInputTokens() {
      return (estimate ??= countConversationTokens(request.conversation));
    },
    includeUsage: request.includeUsage,
  };
  const abort = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) abort.abort();
  };
  res.on('close', onClose);
  if (request.notes?.length) log.warn('request asked for what Cursor cannot do', { requestId, api: options.dialect.name, notes: request.notes });
  const sink = request.stream ? streamSink(options, context) : jsonSink(options, context);
  const started = Date.now();
  let outcome = 'aborted';
  // The first event needs the token estimate (message_start carries it). Counting takes up to
  // a millisecond even when memoised, so it runs once the upstream request is on its way
  // (the engine sends it in the microtasks drive starts), while Cursor is thinking.
  const countWhileWaiting = setImmediate(() => context.estimatedInputTokens);
  try {
    const events = engine.runTurn(request.conversation, { model, signal: abort.signal });
    outcome = await drive(events, sink, abort.signal, log, requestId);
  } finally {
    clearImmediate(countWhileWaiting);
    res.off('close', onClose);
    log.info('turn', { requestId, api: options.dialect.name, model: model.id, stream: request.stream, outcome, ms: Date.now() - started });
  }
}

/** Feeds events to the sink; returns how the turn ended (stop reason, error kind or `aborted`). */
async function drive(events: AsyncIterable<TurnEvent>, sink: TurnSink, signal: AbortSignal, log: Logger, requestId: string): Promise<string> {
  let outcome: string | undefined;
  const fail = (error: ApiError) => {
    outcome = error.kind;
    log[error.kind === 'internal' ? 'error' : 'warn']('turn failed', { requestId, kind: error.kind, message: error.message });
    sink.fail(error);
  };
  try {
    for await (const event of events) {
      // Leaving the loop cancels the upstream run: only do it when the client is gone.
      if (signal.aborted) return 'aborted';
      // After `end` the engine finishes by itself; breaking here would cancel a run parked for tool results.
      if (outcome !== undefined) continue;
      if (event.type === 'builtin_rejected') {
        log.warn('cursor built-in tool refused', { requestId, tool: event.tool, detail: event.detail });
      } else if (event.type === 'error') {
        fail(toApiError(event.error));
      } else {
        sink.event(event);
        if (event.type === 'end') outcome = event.reason;
      }
    }
    if (outcome === undefined && !signal.aborted) fail(new ApiError('internal', 'the turn ended without a result from Cursor'));
  } catch (error) {
    if (outcome === undefined && !signal.aborted) fail(toApiError(error));
  } finally {
    sink.close();
  }
  return signal.aborted ? 'aborted' : (outcome ?? 'aborted');
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
