// One `agent.v1.AgentService/Run` bidi stream (reference §1.3 transport 1, §5.1): writes the
// run request, answers every server frame that needs an answer, and turns the rest into
// TurnEvents on a queue the engine pulls from. A response ends with `tool_use` while the
// stream stays open for the tool results (§5.4 strategy 1), or with the server's end-stream.
import { type MessageInitShape, fromBinary, toJson } from '@bufbuild/protobuf';
import http2 from 'node:http2';
import {
  type AgentClientMessage,
  AgentClientMessageSchema,
  type AgentServerMessage,
  AgentServerMessageSchema,
} from '../../gen/agent/v1/agent_service_pb.js';
import type { ConversationStateStructure } from '../../gen/agent/v1/agent_pb.js';
import type { ExecServerMessage } from '../../gen/agent/v1/exec_pb.js';
import type { InteractionQuery, InteractionUpdate, ToolCall, WebSearchToolCall } from '../../gen/agent/v1/interaction_pb.js';
import type { KvServerMessage } from '../../gen/agent/v1/kv_pb.js';
import type { McpArgs, McpToolResultContentItemSchema } from '../../gen/agent/v1/mcp_pb.js';
import type { ImagePart, TextPart, ToolResultPart } from '../conversation.js';
import { type TurnEvent, UpstreamError } from '../events.js';
import type { Logger } from '../log/logger.js';
import { AsyncQueue } from './async-queue.js';
import type { BlobStore } from './blob-store.js';
import { refuseBuiltinExec } from './builtin-exec.js';
import {
  cancelActionMessage,
  clientHeartbeatMessage,
  execResultMessage,
  frameClientMessage,
  getBlobResultMessage,
  mcpResultMessage,
  runRequestMessage,
  setBlobResultMessage,
  streamCloseMessage,
} from './client-messages.js';
import { parseEndStream } from './end-stream.js';
import { type PlainDelta, readPlainDelta } from './delta-fast-path.js';
import { ThinkTagSplitter } from './think-tags.js';
import { EnvelopeDecoder, FLAG_END_STREAM, envelopePayload } from './envelope.js';
import { type ClassifyContext, classifyWireError, lostConnectionError, transportError } from './errors.js';
import { IdleWatchdog } from './idle-watchdog.js';
import { answerInteractionQuery } from './interaction-query.js';
import { argsToJson } from './mcp-values.js';
import type { BuiltRunRequest } from './run-request.js';
import { type PendingExec, ToolCallTracker } from './tool-calls.js';
import type { Http2Transport } from './transport.js';
import { currentUpstreamObserver, type UpstreamObserver } from './upstream-observer.js';
import { errorBody, firstHeader } from './unary.js';
import { UsageMeter } from './usage.js';
import { webSearchEvent } from './web-search.js';

export const RUN_PATH = '/agent.v1.AgentService/Run';

export interface RunTiming {
  /** client_heartbeat period while the run is open (§4.1 field 7: PI and ED use 5 s). */
  heartbeatIntervalMs: number;
  /** Silence (no message but heartbeats) after which a producing run fails with `timeout`. */
  idleTimeoutMs: number;
  /** Quiet time after the last tool call of a step before the response ends with `tool_use`. */
  toolBatchWindowMs: number;
}

export const DEFAULT_RUN_TIMING: RunTiming = {
  heartbeatIntervalMs: 5_000,
  idleTimeoutMs: 120_000,
  toolBatchWindowMs: 100,
};

export interface RunInit {
  transport: Http2Transport;
  /** Base URL of Cursor's API; the run posts to RUN_PATH on it. */
  baseUrl: string;
  headers: Record<string, string>;
  /** The x-request-id of the call. */
  requestId: string;
  built: BuiltRunRequest;
  blobStore: BlobStore;
  timing: RunTiming;
  logger: Logger;
  /** What the error classifier may know about this turn; asked only when the run fails. */
  errorContext?: () => ClassifyContext;
}

/** What a continuation hands back: the client's results and anything else its message carried. */
export interface ToolResultsInput {
  results: ToolResultPart[];
  /** Text or images outside the tool results; they ride on the last result. */
  extras: Array<TextPart | ImagePart>;
}

type RunState = 'streaming' | 'awaiting_tool_results' | 'closed';

const MISSING_RESULT = 'The client returned no result for this tool call.';

export class CursorRun {
  readonly id: string;
  private state: RunState = 'streaming';
  private readonly events = new AsyncQueue<TurnEvent>();
  private readonly decoder = new EnvelopeDecoder();
  private readonly tools = new ToolCallTracker();
  private readonly usage: UsageMeter;
  private readonly watchdog: IdleWatchdog;
  private readonly refusalReason: string;
  private stream?: http2.ClientHttp2Stream;
  private status = 0;
  private retryAfter?: string;
  private readonly errorChunks: Buffer[] = [];
  private heartbeat?: NodeJS.Timeout;
  private batchTimer?: NodeJS.Timeout;
  private toolCallsInResponse = false;
  private turnEnded = false;
  private readonly closeListeners: Array<() => void> = [];
  private readonly thinkTags = new ThinkTagSplitter();
  /** Web searches approved and finished in this run, against the client's max_uses. */
  private searchesApproved = 0;
  private searchesDone = 0;
  private checkpointState?: ConversationStateStructure;
  /** The state the run was in when its connection was lost (undefined: not lost). */
  private lostAt?: RunState;
  /** Results for calls a resumed run will ask for again (resume.ts); answered as they come. */
  private heldResults?: ToolResultsInput;
  /** The capture of the turn this run serves now (upstream-observer.ts); undefined when not capturing. */
  private observer?: UpstreamObserver;

  constructor(private readonly init: RunInit) {
    this.id = init.requestId;
    this.usage = new UsageMeter(init.built.sentChars);
    this.watchdog = new IdleWatchdog(init.timing.idleTimeoutMs, () =>
      this.fail(new UpstreamError('timeout', `Cursor sent nothing for ${init.timing.idleTimeoutMs / 1000} s`), true),
    );
    const names = [...init.built.toolNames];
    this.refusalReason = names.length
      ? `Cursor's built-in tools are not available here. Use the provided tools instead: ${names.slice(0, 20).join(', ')}.`
      : "Cursor's built-in tools are not available here, and this conversation has no tools: answer directly.";
  }

  start(): void {
    this.observer = currentUpstreamObserver();
    const { transport, baseUrl, headers, timing } = this.init;
    let stream: http2.ClientHttp2Stream;
    try {
      stream = transport.request(new URL(RUN_PATH, baseUrl), headers);
    } catch (err) {
      this.fail(transportError(err), false);
      return;
    }
    this.stream = stream;
    const onResponse = (responseHeaders: http2.IncomingHttpHeaders) => {
      this.status = Number(responseHeaders[':status']);
      this.retryAfter = firstHeader(responseHeaders['retry-after']);
    };
    const onData = (chunk: Buffer) => this.onData(chunk);
    const onEnd = () => this.onEnd();
    const onError = (err: Error) => this.lose(transportError(err));
    const onClose = () => {
      // Checked first: after a normal end the stream closes too, and an error made then is waste.
      if (this.state !== 'closed') this.lose(lostConnectionError(this.closeDetail(stream)));
      // A finished http2 client stream stays reachable through young-generation GCs until the
      // next full one (http2's per-request bookkeeping holds it). Left attached, these listeners
      // kept the run, and the conversation it was built from, alive with it: measured on the
      // Claude Code body, 2.2 MB copied per scavenge attached, 0.3 MB detached. Nothing is
      // emitted after 'close'.
      stream.off('response', onResponse).off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    stream.on('response', onResponse).on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
    this.send(runRequestMessage(this.init.built.request));
    this.heartbeat = setInterval(() => this.send(clientHeartbeatMessage()), timing.heartbeatIntervalMs);
    this.heartbeat.unref();
    this.watchdog.resume();
  }

  /**
   * The next event; undefined once the run is over, or when `signal` aborts the wait. Text (or
   * thinking) deltas already waiting behind it are merged in: a consumer that fell behind gets
   * one larger delta instead of many small ones, and one that keeps up sees every delta as is.
   */
  async next(signal?: AbortSignal): Promise<TurnEvent | undefined> {
    const event = await this.events.next(signal);
    if (event?.type !== 'text' && event?.type !== 'thinking') return event;
    let text = event.text;
    for (let waiting = this.events.peek(); waiting?.type === event.type; waiting = this.events.peek()) {
      text += waiting.text;
      this.events.take();
    }
    return text === event.text ? event : { type: event.type, text };
  }

  /** The latest conversation_checkpoint_update: Cursor's state of the conversation so far. */
  get latestCheckpoint(): ConversationStateStructure | undefined {
    return this.checkpointState;
  }

  /**
   * Where the run can be resumed from, if its connection was lost (not a server error) and
   * Cursor had checkpointed it; `parked` says whether it was waiting for tool results then.
   */
  get lostCheckpoint(): { state: ConversationStateStructure; parked: boolean } | undefined {
    if (this.lostAt === undefined || !this.checkpointState) return undefined;
    return { state: this.checkpointState, parked: this.lostAt === 'awaiting_tool_results' };
  }

  /**
   * A resumed run: the client's results for the calls of the lost run. The resumed run asks
   * for those calls again; each is answered from here, and the client never sees it twice.
   */
  holdToolResults(input: ToolResultsInput): void {
    this.heldResults = input;
  }

  get isOpen(): boolean {
    return this.state !== 'closed';
  }

  get isAwaitingToolResults(): boolean {
    return this.state === 'awaiting_tool_results';
  }

  /** Tool-call ids of the last `tool_use` response, still waiting for results. */
  get awaitedToolCallIds(): string[] {
    return this.tools.awaitingIds;
  }

  onClose(listener: () => void): void {
    if (this.state === 'closed') listener();
    else this.closeListeners.push(listener);
  }

  /**
   * Writes the client's results into the open run (mcp_result + stream_close per call, §5.3)
   * and resumes streaming. A call without a result gets an McpResult.error; the message's
   * other parts ride on the last answered call.
   */
  submitToolResults(input: ToolResultsInput): void {
    this.observer = currentUpstreamObserver();
    if (this.state !== 'awaiting_tool_results') throw new Error('run is not waiting for tool results');
    const byId = new Map(input.results.map((result) => [result.toolCallId, result]));
    const execs = this.tools.takeAwaiting();
    const extrasOn = execs.filter((exec) => byId.has(exec.toolCallId)).at(-1);
    for (const exec of execs) this.answerExec(exec, byId.get(exec.toolCallId), exec === extrasOn ? input.extras : []);
    this.state = 'streaming';
    this.watchdog.resume();
    // Calls that arrived while parked may already form a complete step.
    this.afterMessage(false);
  }

  /** mcp_result (or McpResult.error when the client gave none) and stream_close for one call. */
  private answerExec(exec: PendingExec, result: ToolResultPart | undefined, extras: Array<TextPart | ImagePart>): void {
    const parts = result ? [...result.content, ...extras] : [];
    this.usage.addSentChars(parts.reduce((sum, part) => sum + (part.type === 'text' ? part.text.length : 0), 0));
    this.send(
      mcpResultMessage(
        exec.id,
        exec.execId,
        result
          ? { result: { case: 'success', value: { content: parts.map(toContentItem), isError: result.isError } } }
          : { result: { case: 'error', value: { error: MISSING_RESULT } } },
      ),
    );
    this.send(streamCloseMessage(exec.id));
  }

  /** Cancels the run in-band, then resets the stream (RST_STREAM CANCEL); no further events. */
  cancel(): void {
    if (this.state === 'closed') return;
    this.close();
    this.events.close();
    this.cancelStream();
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    if (this.status !== 200) {
      this.errorChunks.push(chunk);
      return;
    }
    for (const envelope of this.decoder.push(chunk)) {
      // A frame handled just before may have ended the run.
      if (!this.isOpen) return;
      let payload: Uint8Array;
      let message: AgentServerMessage | undefined;
      let delta: PlainDelta | undefined;
      try {
        payload = envelopePayload(envelope);
        if (!(envelope.flags & FLAG_END_STREAM)) {
          delta = readPlainDelta(payload);
          if (!delta) message = fromBinary(AgentServerMessageSchema, payload);
        }
      } catch {
        this.fail(new UpstreamError('internal', 'Cursor sent a message Thalamus cannot read', { wireCode: 'bad_frame' }), true);
        return;
      }
      // Deltas skip the full decode on the fast path; a capture decodes them again.
      if (this.observer) {
        this.observe('received', () =>
          envelope.flags & FLAG_END_STREAM
            ? { endStream: Buffer.from(payload).toString('utf8') }
            : toJson(AgentServerMessageSchema, message ?? fromBinary(AgentServerMessageSchema, payload)),
        );
      }
      if (delta) this.onDelta(delta);
      else if (message) this.onServerMessage(message);
      else this.onEndStream(payload);
    }
  }

  /** The server half-closed the stream without (or before) an end-stream frame. */
  private onEnd(): void {
    if (this.state === 'closed') return;
    // No response headers at all: the connection went away under the stream (transient).
    if (this.status === 0) return this.fail(lostConnectionError(`stream reset with code ${this.stream?.rstCode ?? 'none'} before any response`), false);
    if (this.status !== 200) {
      if (this.observer) this.observe('received', () => ({ httpStatus: this.status, body: Buffer.concat(this.errorChunks).toString('utf8') }));
      const body = errorBody(Buffer.concat(this.errorChunks));
      this.fail(classifyWireError({ ...body, httpStatus: this.status, retryAfter: this.retryAfter }, this.init.errorContext?.()), false);
      return;
    }
    this.lose(lostConnectionError(this.turnEnded ? 'stream ended after turn_ended' : 'stream ended'));
  }

  /** The connection went away without the server ending the run: a resume may continue it. */
  private lose(error: UpstreamError): void {
    if (this.state === 'closed') return;
    this.lostAt = this.state;
    this.fail(error, false);
  }

  private onEndStream(payload: Uint8Array): void {
    const endStream = parseEndStream(payload);
    if (endStream.error) {
      const { code, message, details } = endStream.error;
      const retryAfter = endStream.metadata['retry-after']?.[0] ?? this.retryAfter;
      this.fail(classifyWireError({ code, message, details, retryAfter }, this.init.errorContext?.()), false);
      return;
    }
    const reason = this.toolCallsInResponse ? 'tool_use' : 'end_turn';
    this.flushHeldText();
    this.finish({ type: 'end', reason, usage: this.usage.takeResponseUsage() }, false);
  }

  /** A message that is only a text or thinking delta, as onServerMessage would handle it. */
  private onDelta(delta: PlainDelta): void {
    this.watchdog.touch();
    this.addDelta(delta);
    this.afterMessage(false);
  }

  private addDelta({ kind, text }: PlainDelta): void {
    if (!text) return;
    this.usage.addOutputChars(text.length);
    if (kind === 'thinkingDelta') this.events.push({ type: 'thinking', text });
    else for (const part of this.thinkTags.push(text)) this.events.push(part);
  }

  /** Text the tag splitter held back, before the response ends. */
  private flushHeldText(): void {
    for (const part of this.thinkTags.flush()) this.events.push(part);
  }

  private onServerMessage(message: AgentServerMessage): void {
    const m = message.message;
    const heartbeat = m.case === 'interactionUpdate' && m.value.message.case === 'heartbeat';
    if (!heartbeat) this.watchdog.touch();
    switch (m.case) {
      case 'interactionUpdate':
        this.onInteractionUpdate(m.value);
        break;
      case 'execServerMessage':
        this.onExec(m.value);
        break;
      case 'conversationCheckpointUpdate': {
        // The latest conversation state; not the end of the turn (§7.5).
        this.checkpointState = m.value;
        const used = m.value.tokenDetails?.usedTokens ?? 0;
        this.usage.noteCheckpoint(used);
        if (used > 0) this.events.push({ type: 'usage', usage: { inputTokens: used } });
        break;
      }
      case 'kvServerMessage':
        this.onKv(m.value);
        break;
      case 'execServerControlMessage':
        if (m.value.message.case === 'abort') this.tools.abort(m.value.message.value.id);
        break;
      case 'interactionQuery':
        this.onInteractionQuery(m.value);
        break;
      default:
        this.init.logger.info('cursor run: unknown server message ignored', { runId: this.id });
    }
    this.afterMessage(heartbeat);
  }

  private onInteractionUpdate(update: InteractionUpdate): void {
    const u = update.message;
    switch (u.case) {
      case 'textDelta':
      case 'thinkingDelta':
        this.addDelta({ kind: u.case, text: u.value.text });
        return;
      case 'tokenDelta':
        this.usage.addOutputTokens(u.value.tokens);
        return;
      case 'turnEnded':
        this.turnEnded = true;
        return;
      case 'toolCallStarted':
      case 'partialToolCall': {
        const id = mcpToolCallId(u.value);
        if (id) this.tools.announce(id);
        return;
      }
      case 'toolCallCompleted': {
        const tool = u.value.toolCall?.tool;
        if (tool?.case === 'webSearchToolCall') return this.onWebSearchDone(tool.value);
        const id = mcpToolCallId(u.value);
        if (id) this.tools.settle(id);
        return;
      }
    }
  }

  /** Answered at once in the arm's own layout; an arm Thalamus does not know cancels the run. */
  private onInteractionQuery(query: InteractionQuery): void {
    const options = this.init.built.webSearch;
    const webSearch = options !== undefined && this.searchesApproved < (options.maxUses ?? Infinity);
    const answer = answerInteractionQuery(query, { webSearch });
    if (answer.kind === 'unknown') {
      const arm = answer.arm === undefined ? 'with no question in it' : `#${answer.arm}`;
      this.init.logger.warn('cursor interaction query: unknown arm, run cancelled', { runId: this.id, queryId: query.id, arm: answer.arm });
      this.events.push({ type: 'interaction', query: `#${answer.arm ?? 'empty'}`, answer: 'cancelled' });
      this.fail(
        new UpstreamError('internal', `Cursor asked an interaction query ${arm} that Thalamus cannot answer; the run was cancelled.`, {
          wireCode: `interaction_query_${answer.arm ?? 'empty'}`,
        }),
        true,
      );
      return;
    }
    this.init.logger.info('cursor interaction query answered', {
      runId: this.id,
      queryId: query.id,
      query: answer.query,
      answer: answer.verdict,
    });
    if (answer.query === 'webSearchRequestQuery' && answer.verdict === 'approved') this.searchesApproved++;
    this.send(answer.message);
    this.events.push({ type: 'interaction', query: answer.query, answer: answer.verdict });
  }

  /** Only a turn that declared a web search tool shows Cursor's searches; past max_uses, as an error. */
  private onWebSearchDone(call: WebSearchToolCall): void {
    const options = this.init.built.webSearch;
    const event = options && webSearchEvent(call, options);
    if (!event) return;
    this.searchesDone++;
    this.flushHeldText();
    if (options.maxUses !== undefined && this.searchesDone > options.maxUses) {
      const message = `more than ${options.maxUses} searches in one turn`;
      this.events.push({ ...event, outcome: { errorCode: 'max_uses_exceeded', message } });
    } else {
      this.events.push(event);
    }
  }

  private onExec(exec: ExecServerMessage): void {
    const m = exec.message;
    if (m.case === 'requestContextArgs') {
      this.send(
        execResultMessage(exec.id, exec.execId, {
          case: 'requestContextResult',
          value: { result: { case: 'success', value: { requestContext: this.init.built.requestContext } } },
        }),
      );
      this.send(streamCloseMessage(exec.id));
      return;
    }
    if (m.case === 'mcpArgs') {
      this.onMcpArgs(exec, m.value);
      return;
    }
    const refusal = refuseBuiltinExec(exec, this.refusalReason);
    refusal.messages.forEach((message) => this.send(message));
    this.events.push({ type: 'builtin_rejected', tool: refusal.tool, detail: this.refusalReason });
  }

  private onMcpArgs(exec: ExecServerMessage, args: McpArgs): void {
    const name = args.toolName || args.name;
    const toolCallId = args.toolCallId || `call_${exec.id}`;
    if (!this.init.built.toolNames.has(name)) {
      const reason = `There is no tool named "${name}". ${this.refusalReason}`;
      this.send(mcpResultMessage(exec.id, exec.execId, { result: { case: 'rejected', value: { reason } } }));
      this.send(streamCloseMessage(exec.id));
      this.tools.settle(toolCallId);
      this.events.push({ type: 'builtin_rejected', tool: name, detail: reason });
      return;
    }
    const held = this.heldResults?.results.find((result) => result.toolCallId === toolCallId);
    if (held) {
      // A call of the lost run, asked again after resume_action: the client already answered it.
      const extras = held === this.heldResults!.results.at(-1) ? this.heldResults!.extras : [];
      this.answerExec({ id: exec.id, execId: exec.execId, toolCallId }, held, extras);
      this.tools.settle(toolCallId);
      this.init.logger.info('cursor run: resumed call answered from the held result', { runId: this.id, toolCallId });
      return;
    }
    const argumentsJson = JSON.stringify(argsToJson(args.args));
    this.usage.addOutputChars(argumentsJson.length);
    this.tools.addExec({ id: exec.id, execId: exec.execId, toolCallId });
    this.toolCallsInResponse = true;
    // The text before the call: what the tag splitter still holds goes out ahead of it.
    this.flushHeldText();
    this.events.push({ type: 'tool_call', id: toolCallId, name, arguments: argumentsJson });
  }

  private onKv(kv: KvServerMessage): void {
    const m = kv.message;
    if (m.case === 'getBlobArgs') {
      this.send(getBlobResultMessage(kv.id, this.init.blobStore.get(m.value.blobId)));
    } else if (m.case === 'setBlobArgs') {
      this.init.blobStore.set(m.value.blobId, m.value.blobData);
      this.send(setBlobResultMessage(kv.id));
    } else {
      this.init.logger.warn('cursor run: unknown KV request left unanswered', { runId: this.id, id: kv.id });
    }
  }

  /**
   * Ends the response with `tool_use` once the step's MCP calls are out: when every announced
   * call has its args and no other message came for `toolBatchWindowMs`, or at once when a
   * server heartbeat arrives while calls are out (the server is waiting for us). A call that
   * still comes after that is buffered and opens the next response.
   */
  private afterMessage(heartbeat: boolean): void {
    if (this.state !== 'streaming') return;
    if (heartbeat) {
      if (this.tools.hasCurrent) this.endResponseForTools();
      return;
    }
    clearTimeout(this.batchTimer);
    if (!this.tools.stepComplete) return;
    this.batchTimer = setTimeout(() => this.endResponseForTools(), this.init.timing.toolBatchWindowMs);
    this.batchTimer.unref();
  }

  private endResponseForTools(): void {
    if (this.state !== 'streaming' || !this.tools.hasCurrent) return;
    clearTimeout(this.batchTimer);
    this.tools.handOver();
    this.state = 'awaiting_tool_results';
    this.watchdog.pause();
    this.toolCallsInResponse = false;
    this.flushHeldText();
    this.events.push({ type: 'end', reason: 'tool_use', usage: this.usage.takeResponseUsage() });
  }

  private send(message: AgentClientMessage): void {
    const stream = this.stream;
    if (this.state === 'closed' || !stream || stream.destroyed || !stream.writable) return;
    if (this.observer) this.observe('sent', () => toJson(AgentClientMessageSchema, message));
    stream.write(frameClientMessage(message));
  }

  /** Hands a message to the capture; a capture that fails never disturbs the run. */
  private observe(direction: 'sent' | 'received', message: () => unknown): void {
    try {
      this.observer?.(direction, message());
    } catch (error) {
      this.init.logger.warn('traffic capture: a message was not recorded', { runId: this.id, message: String(error) });
    }
  }

  private fail(error: UpstreamError, resetStream: boolean): void {
    this.finish({ type: 'error', error }, resetStream);
  }

  /** The final event. The stream is reset when the server may still be sending, else half-closed. */
  private finish(event: TurnEvent, resetStream: boolean): void {
    if (this.state === 'closed') return;
    if (event.type === 'error') {
      this.init.logger.warn('cursor run failed', { runId: this.id, kind: event.error.kind, wireCode: event.error.wireCode });
    }
    this.close();
    this.events.push(event);
    this.events.close();
    if (resetStream) this.cancelStream();
    else if (this.stream?.writable) this.stream.end();
  }

  /**
   * `cancel_action` first, as Cursor's CLI does on an abort (§4.13), so the server stops the
   * model instead of noticing a reset; the reset follows once the frame is out (a reset
   * submitted at once could drop it).
   */
  private cancelStream(): void {
    const stream = this.stream;
    if (!stream || stream.destroyed) return;
    const reset = () => stream.close(http2.constants.NGHTTP2_CANCEL);
    if (!stream.writable) return reset();
    stream.write(frameClientMessage(cancelActionMessage()), reset);
  }

  private close(): void {
    this.state = 'closed';
    clearInterval(this.heartbeat);
    clearTimeout(this.batchTimer);
    this.watchdog.stop();
    for (const listener of this.closeListeners.splice(0)) listener();
  }

  private closeDetail(stream: http2.ClientHttp2Stream): string {
    return stream.rstCode ? `stream reset, HTTP/2 code ${stream.rstCode}` : 'stream closed';
  }
}

/** The tool-call id of an MCP tool-call update, or undefined for a built-in tool. */
function mcpToolCallId(update: { callId: string; toolCall?: ToolCall }): string | undefined {
  const tool = update.toolCall?.tool;
  if (tool?.case !== 'mcpToolCall') return undefined;
  return tool.value.args?.toolCallId || update.callId || undefined;
}

function toContentItem(part: TextPart | ImagePart): MessageInitShape<typeof McpToolResultContentItemSchema> {
  return part.type === 'text'
    ? { content: { case: 'text', value: { text: part.text } } }
    : { content: { case: 'image', value: { data: Buffer.from(part.data, 'base64'), mimeType: part.mediaType } } };
}
