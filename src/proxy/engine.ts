// The Engine over Cursor's Agent API: each turn is a `Run` stream (cursor/run.ts). A turn that
// ends with `tool_use` keeps its run open and parked; the next turn carrying those tool
// results continues the same run (reference §5.4 strategy 1); anything else starts a new run
// with the whole conversation.
import { randomUUID } from 'node:crypto';
import type { TokenProvider } from './auth/token-provider.js';
import type { Conversation, ImagePart, TextPart, ToolResultPart } from './conversation.js';
import type { CursorModel, Engine, EngineStats, TurnModel, TurnOptions } from './engine-api.js';
import { type TurnEvent, UpstreamError } from './events.js';
import { BlobStore, DEFAULT_BLOB_STORE_MAX_BYTES } from './cursor/blob-store.js';
import { clientVersionHeader, newerInstalledVersion, resolveClientVersion } from './cursor/client-version.js';
import { runHeaders } from './cursor/headers.js';
import { DEFAULT_HISTORY_MODE, type HistoryMode } from './cursor/history.js';
import { type Logger, silentLogger } from './log/logger.js';
import { DEFAULT_MODELS_TTL_MS, ModelCatalog } from './cursor/models.js';
import { DEFAULT_PARKED_RUN_TTL_MS, ParkedRuns } from './cursor/parked-runs.js';
import { LostRun, type ResumePoint, resumeRequest } from './cursor/resume.js';
import { type HostEnvironment, hostEnvironment } from './cursor/request-context.js';
import { buildRunRequest, declaredTools, imagesToSend, runFingerprint } from './cursor/run-request.js';
import { selectedImages } from './cursor/selected-images.js';
import { CursorRun, DEFAULT_RUN_TIMING, type ToolResultsInput } from './cursor/run.js';
import { type ToolSet, ToolSets } from './cursor/tool-set.js';
import { Http2Transport } from './cursor/transport.js';
import type { ClassifyContext } from './cursor/errors.js';
import { countConversationTokens } from './tokens/count-tokens.js';
import { OutputCap } from './output-cap.js';
import type { ConversationStateStructure } from '../gen/agent/v1/agent_pb.js';
import { type Checkpoint, CheckpointStore, carriesHistory, continuesCheckpoint, promptDigest } from './cursor/checkpoints.js';
import { conversationIdFor } from './cursor/conversation-id.js';
import { splitAtLastUserMessage } from './cursor/history.js';
import { NO_POOL_STATUS, type PoolStatusSource } from './pool-status.js';

export const DEFAULT_BASE_URL = 'https://api2.cursor.sh';

export interface EngineOptions {
  tokenProvider: TokenProvider;
  /** Default: THALAMUS_CURSOR_BASE_URL, else https://api2.cursor.sh (§1.1). */
  baseUrl?: string;
  /** With or without `cli-`. Default: client-version.ts resolution (then re-checked on OUTDATED_CLIENT). */
  clientVersion?: string;
  /** Home directory whose cursor-agent install is scanned for its build; default: the user's. */
  clientVersionHome?: string;
  /** PEM trust anchors replacing the default store (tests). */
  ca?: string | Buffer;
  /** x-ghost-mode; default true (§2.1). */
  ghostMode?: boolean;
  idleTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  toolBatchWindowMs?: number;
  parkedRunTtlMs?: number;
  modelsTtlMs?: number;
  historyMode?: HistoryMode;
  blobStoreMaxBytes?: number;
  /** What the RequestContext reports about this machine; default: the real host. */
  environment?: HostEnvironment;
  /** How full the account's usage pools are (the usage RPC client); default: unknown. */
  poolStatus?: PoolStatusSource;
  logger?: Logger;
}

export function createEngine(options: EngineOptions): Engine {
  return new CursorEngine(options);
}

class CursorEngine implements Engine {
  private readonly transport: Http2Transport;
  private readonly baseUrl: string;
  private clientVersion: string;
  private readonly blobStore: BlobStore;
  private readonly toolSets = new ToolSets();
  /** Runs parked for tool results, and runs lost while parked (resumed when the results come). */
  private readonly parked: ParkedRuns<CursorRun | LostRun>;
  private readonly watchedForLoss = new WeakSet<CursorRun>();
  private readonly models: ModelCatalog;
  private readonly liveRuns = new Set<CursorRun>();
  /** Each conversation's last checkpoint, by AgentRunRequest.conversation_id (conversationIdFor). */
  readonly checkpoints = new CheckpointStore();
  private readonly logger: Logger;
  /** Taken at the first run, then kept: Intl's time-zone lookup costs ~0.15 ms each time (~15 ms the first). */
  private environment?: HostEnvironment;
  private closed = false;

  constructor(private readonly options: EngineOptions) {
    this.logger = options.logger ?? silentLogger;
    this.transport = new Http2Transport({ ca: options.ca, logger: this.logger });
    this.baseUrl = options.baseUrl ?? (process.env.THALAMUS_CURSOR_BASE_URL || DEFAULT_BASE_URL);
    this.clientVersion = options.clientVersion ? clientVersionHeader(options.clientVersion) : resolveClientVersion({ homeDir: options.clientVersionHome });
    this.blobStore = new BlobStore(options.blobStoreMaxBytes ?? DEFAULT_BLOB_STORE_MAX_BYTES);
    this.parked = new ParkedRuns(options.parkedRunTtlMs ?? DEFAULT_PARKED_RUN_TTL_MS, this.logger);
    this.models = new ModelCatalog({
      transport: this.transport,
      baseUrl: this.baseUrl,
      tokenProvider: options.tokenProvider,
      clientVersion: this.clientVersion,
      ghostMode: options.ghostMode,
      ttlMs: options.modelsTtlMs ?? DEFAULT_MODELS_TTL_MS,
    });
  }

  runTurn(conversation: Conversation, options: TurnOptions): AsyncIterable<TurnEvent> {
    return this.turn(conversation, options);
  }

  listModels(): Promise<CursorModel[]> {
    return this.models.list();
  }

  stats(): EngineStats {
    return { openRuns: this.liveRuns.size, parkedRuns: this.parked.size };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.parked.cancelAll();
    for (const run of [...this.liveRuns]) run.cancel();
    await this.transport.close();
  }

  private async *turn(conversation: Conversation, { model, signal }: TurnOptions): AsyncGenerator<TurnEvent> {
    if (signal.aborted) return;
    if (this.closed) {
      yield { type: 'error', error: new UpstreamError('internal', 'The engine is shut down') };
      return;
    }
    const tools = this.toolSets.of(declaredTools(conversation));
    const fingerprint = runFingerprint(model, tools);
    const { results, extras } = toolResultsOf(conversation);
    if (results.length > 0) {
      const ids = results.map((result) => result.toolCallId);
      const run = this.parked.take(ids, fingerprint);
      if (run instanceof LostRun) {
        // The run died while parked: continue it with resume_action; the results answer the
        // calls it asks for again. If the resume fails before any output, rebuild below.
        const resumed = await this.resumeRun(conversation, model, tools, run.point, signal, { results, extras });
        if (resumed) {
          yield* this.relay(resumed.run, fingerprint, signal, conversation, model, resumed.first);
          return;
        }
      } else if (run) {
        run.submitToolResults({ results, extras });
        yield* this.relay(run, fingerprint, signal, conversation, model);
        return;
      }
      this.parked.cancelOwning(ids);
    }

    const overflow = this.overflowOf(conversation, model, tools.chars);
    if (overflow) {
      yield { type: 'error', error: overflow };
      return;
    }
    let checkpoint = this.resumableCheckpoint(conversation);
    // Cursor said unauthenticated before any output: refresh the token once and retry once.
    // A run resumed from a checkpoint that fails before any output is retried once with the
    // whole history (the state may reference blobs Cursor no longer has).
    for (let attempt = 0; ; attempt++) {
      let run: CursorRun;
      try {
        run = await this.startRun(conversation, model, tools, checkpoint);
      } catch (err) {
        yield { type: 'error', error: asUpstreamError(err) };
        return;
      }
      const first = await run.next(signal);
      if (
        attempt === 0 &&
        first?.type === 'error' &&
        first.error.kind === 'unauthenticated' &&
        (await this.options.tokenProvider.refreshAfterUnauthenticated())
      ) {
        continue;
      }
      // The connection was lost before the client saw anything: resume the run where Cursor
      // checkpointed it rather than start over.
      const lost = first?.type === 'error' ? run.lostCheckpoint : undefined;
      if (lost) {
        const resumed = await this.resumeRun(conversation, model, tools, { runId: run.id, state: lost.state }, signal);
        if (resumed) {
          yield* this.relay(resumed.run, fingerprint, signal, conversation, model, resumed.first);
          return;
        }
      }
      if (first?.type === 'error' && first.error.kind === 'outdated_client') {
        // Cursor wants a newer build: one installed since (or updated) is tried once, unless the
        // version was chosen explicitly; otherwise the error names what was sent.
        const newer = this.options.clientVersion || process.env.THALAMUS_CLIENT_VERSION ? undefined : newerInstalledVersion(this.clientVersion, { homeDir: this.options.clientVersionHome });
        if (attempt === 0 && newer) {
          this.logger.warn('cursor run: client version refused as outdated; retrying with the installed cursor-agent build', { sent: this.clientVersion, next: newer });
          this.clientVersion = newer;
          continue;
        }
        yield { type: 'error', error: new UpstreamError('outdated_client', `${first.error.message} (x-cursor-client-version sent: ${this.clientVersion})`, { wireCode: first.error.wireCode }) };
        return;
      }
      if (checkpoint && first?.type === 'error' && first.error.kind !== 'unauthenticated') {
        this.logger.warn('cursor run: resuming from the checkpoint failed; sending the whole history', { kind: first.error.kind });
        this.checkpoints.forget(conversationIdFor(conversation));
        checkpoint = undefined;
        continue;
      }
      yield* this.relay(run, fingerprint, signal, conversation, model, first);
      return;
    }
  }

  /** A parked run whose connection dies stays findable by its tool-call ids, to be resumed. */
  private keepIfLost(run: CursorRun, fingerprint: string): void {
    if (this.watchedForLoss.has(run)) return;
    this.watchedForLoss.add(run);
    run.onClose(() => {
      const lost = run.lostCheckpoint;
      if (!lost?.parked || this.closed) return;
      this.logger.info('cursor run: lost while parked; kept to be resumed', { runId: run.id });
      this.parked.park(new LostRun({ runId: run.id, state: lost.state }, run.awaitedToolCallIds), fingerprint);
    });
  }

  /**
   * A new Run continuing `point` with resume_action (resume.ts). Undefined when it fails before
   * any output (the caller then rebuilds the history instead).
   */
  private async resumeRun(
    conversation: Conversation,
    model: TurnModel,
    tools: ToolSet,
    point: ResumePoint,
    signal: AbortSignal,
    held?: ToolResultsInput,
  ): Promise<{ run: CursorRun; first: TurnEvent | undefined } | undefined> {
    let run: CursorRun;
    try {
      run = await this.startRun(conversation, model, tools, undefined, point, held);
    } catch {
      return undefined;
    }
    const first = await run.next(signal);
    if (first?.type !== 'error') return { run, first };
    this.logger.warn('cursor run: resume failed; sending the whole history', { runId: point.runId, kind: first.error.kind });
    return undefined;
  }

  /**
   * A conversation that cannot fit the model's window, answered here without a Run, in the words
   * Claude Code compacts on. Counted only when its characters could reach the window (a token
   * is at least one character), so an ordinary turn pays nothing.
   */
  private overflowOf(conversation: Conversation, model: TurnModel, toolChars: number): UpstreamError | undefined {
    const window = model.contextWindow ?? this.models.windowOf(model.id, model.maxMode);
    if (toolChars + conversationChars(conversation) <= window) return undefined;
    const tokens = countConversationTokens(conversation);
    if (tokens <= window) return undefined;
    return new UpstreamError('context_too_long', `prompt is too long: ${tokens} tokens > ${window} maximum`, { wireCode: 'local_window_check' });
  }

  /**
   * Cursor has no tool_choice: `any` and `tool` go to the model as an instruction (cloud rule),
   * and an answer that did not follow it is reported, not hidden.
   */
  private reportToolChoice(conversation: Conversation, calledTools: string[], runId: string): void {
    const choice = conversation.toolChoice;
    if (choice.type === 'any' && conversation.tools.length > 0 && calledTools.length === 0) {
      this.logger.warn('tool_choice not honoured: the model answered without calling a tool', { runId, toolChoice: 'any' });
    } else if (choice.type === 'tool' && !calledTools.includes(choice.name)) {
      this.logger.warn('tool_choice not honoured: the model did not call the required tool', { runId, tool: choice.name, called: calledTools });
    }
  }

  /** The kept checkpoint when this request continues its exchange by one new user message. */
  private resumableCheckpoint(conversation: Conversation): ConversationStateStructure | undefined {
    const kept = this.checkpoints.latest(conversationIdFor(conversation));
    return kept && carriesHistory(kept.state) && continuesCheckpoint(conversation.messages, kept) ? kept.state : undefined;
  }

  /** Keeps the run's last checkpoint once its answer is complete, for the conversation's next turn. */
  private keepCheckpoint(run: CursorRun, conversation: Conversation, model: TurnModel, answerText: string): void {
    const state = run.latestCheckpoint;
    if (state?.tokenDetails) this.models.noteWindow(model.id, state.tokenDetails.maxTokens, model.maxMode === true);
    if (!state || !carriesHistory(state)) return;
    const promptMessages = splitAtLastUserMessage(conversation.messages).history.length + 1;
    const checkpoint: Checkpoint = {
      state,
      promptMessages,
      promptDigest: promptDigest(conversation.messages.slice(0, promptMessages)),
      answerText,
      modelId: model.id,
    };
    this.checkpoints.record(conversationIdFor(conversation), checkpoint);
  }

  /**
   * Streams one response of `run` to the caller. A `tool_use` end parks the run; any other
   * way out (end, error, abort, the caller breaking off) leaves it cancelled.
   */
  private async *relay(
    run: CursorRun,
    fingerprint: string,
    signal: AbortSignal,
    conversation: Conversation,
    model: TurnModel,
    first?: TurnEvent,
  ): AsyncGenerator<TurnEvent> {
    const onAbort = () => run.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    let parked = false;
    let answerText = '';
    const cap = conversation.maxTokens ? new OutputCap(conversation.maxTokens) : undefined;
    const calledTools: string[] = [];
    try {
      yield { type: 'run', runId: run.id, model: model.id };
      let event = first ?? (await run.next(signal));
      while (event !== undefined) {
        if (cap && (event.type === 'text' || event.type === 'thinking' || event.type === 'tool_call')) {
          const admitted = cap.admit(event);
          if (admitted?.type === 'text') answerText += admitted.text;
          if (admitted?.type === 'tool_call') calledTools.push(admitted.name);
          if (admitted) yield admitted;
          if (cap.reached) {
            // The run is cancelled on the way out (finally), as Anthropic stops generating.
            yield { type: 'end', reason: 'max_tokens', usage: { inputTokens: 0, outputTokens: cap.tokens } };
            return;
          }
          event = await run.next(signal);
          continue;
        }
        if (event.type === 'end' && event.reason === 'tool_use' && run.isAwaitingToolResults) {
          this.parked.park(run, fingerprint);
          this.keepIfLost(run, fingerprint);
          parked = true;
        }
        if (event.type === 'text') answerText += event.text;
        if (event.type === 'tool_call') calledTools.push(event.name);
        if (event.type === 'end') this.reportToolChoice(conversation, calledTools, run.id);
        yield event;
        if (event.type === 'end' && event.reason === 'end_turn') this.keepCheckpoint(run, conversation, model, answerText);
        if (event.type === 'end' || event.type === 'error') return;
        event = await run.next(signal);
      }
      // The run was cancelled under a caller still listening (engine shut down): say so.
      if (!signal.aborted) yield { type: 'error', error: new UpstreamError('internal', 'The Cursor run was cancelled') };
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (!parked) run.cancel();
    }
  }

  private async startRun(
    conversation: Conversation,
    model: TurnModel,
    tools: ToolSet,
    checkpoint: ConversationStateStructure | undefined,
    resume?: ResumePoint,
    held?: ToolResultsInput,
  ): Promise<CursorRun> {
    const images = await selectedImages(imagesToSend(conversation), this.logger);
    const accessToken = await this.options.tokenProvider.getAccessToken();
    const request = buildRunRequest({
      images,
      conversation,
      model,
      tools,
      blobStore: this.blobStore,
      historyMode: this.options.historyMode ?? DEFAULT_HISTORY_MODE,
      environment: (this.environment ??= this.options.environment ?? hostEnvironment()),
      checkpoint,
    });
    const built = resume ? resumeRequest(request, resume) : request;
    const requestId = resume?.runId ?? randomUUID();
    // Said, not silent: the client sent more history than Cursor accepts on this model.
    if (built.replayTrimmed) this.logger.warn('cursor run: history packed to fit Cursor\'s replay bound', { requestId, model: model.id, ...built.replayTrimmed });
    const run = new CursorRun({
      transport: this.transport,
      baseUrl: this.baseUrl,
      headers: runHeaders({ accessToken, clientVersion: this.clientVersion, requestId, ghostMode: this.options.ghostMode }),
      requestId,
      built,
      blobStore: this.blobStore,
      errorContext: () => this.errorContext(conversation, model),
      timing: {
        heartbeatIntervalMs: this.options.heartbeatIntervalMs ?? DEFAULT_RUN_TIMING.heartbeatIntervalMs,
        idleTimeoutMs: this.options.idleTimeoutMs ?? DEFAULT_RUN_TIMING.idleTimeoutMs,
        toolBatchWindowMs: this.options.toolBatchWindowMs ?? DEFAULT_RUN_TIMING.toolBatchWindowMs,
      },
      logger: this.logger,
    });
    if (held) run.holdToolResults(held);
    this.liveRuns.add(run);
    run.onClose(() => this.liveRuns.delete(run));
    run.start();
    return run;
  }

  /** What tells a bare `resource_exhausted` apart (overflow, used-up pool, throttling). */
  private errorContext(conversation: Conversation, model: TurnModel): ClassifyContext {
    return {
      modelId: model.id,
      promptTokens: countConversationTokens(conversation),
      contextWindow: model.contextWindow ?? this.models.windowOf(model.id, model.maxMode),
      pool: (this.options.poolStatus ?? NO_POOL_STATUS).poolStatus(model.id),
    };
  }
}

/** The tool results of the last user message, and its other parts. */
function toolResultsOf(conversation: Conversation): { results: ToolResultPart[]; extras: Array<TextPart | ImagePart> } {
  const last = conversation.messages.at(-1);
  if (last?.role !== 'user') return { results: [], extras: [] };
  const results: ToolResultPart[] = [];
  const extras: Array<TextPart | ImagePart> = [];
  for (const part of last.content) {
    if (part.type === 'tool_result') results.push(part);
    else extras.push(part);
  }
  return { results, extras };
}

function asUpstreamError(err: unknown): UpstreamError {
  if (err instanceof UpstreamError) return err;
  return new UpstreamError('internal', err instanceof Error ? err.message : String(err));
}

/** Characters of the system prompt and messages (an image as its token estimate): with the tools', an upper bound of the tokens. */
function conversationChars(conversation: Conversation): number {
  // Per-message and per-tool framing tokens (tokens/count-tokens.ts), generously.
  let chars = conversation.system.length + 8 * conversation.messages.length + 16 * conversation.tools.length;
  for (const message of conversation.messages) {
    for (const part of message.content) {
      if (part.type === 'text' || part.type === 'thinking') chars += part.text.length;
      else if (part.type === 'tool_call') chars += JSON.stringify(part.input ?? {}).length + part.name.length;
      else if (part.type === 'tool_result') for (const item of part.content) chars += item.type === 'text' ? item.text.length : 1600;
      else chars += 1600;
    }
  }
  return chars;
}
