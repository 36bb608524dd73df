// One scripted Run stream as the script sees it (FakeRun): writes AgentServerMessages through
// the response writer and matches the client's answers to the requests that asked for them
// (exec id, kv id, interaction id; reference §4.7, §4.8, §4.6).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { create, fromJson, type JsonValue, type MessageInitShape } from '@bufbuild/protobuf';
import { ValueSchema, type Value } from '@bufbuild/protobuf/wkt';
import type { AgentRunRequest, ConversationStateStructure } from '../gen/agent/v1/agent_pb.js';
import type { AgentClientMessage } from '../gen/agent/v1/agent_service_pb.js';
import type { ExecServerMessageSchema } from '../gen/agent/v1/exec_pb.js';
import type { InteractionResponse, InteractionUpdateSchema, ToolCallSchema } from '../gen/agent/v1/interaction_pb.js';
import type { KvClientMessage, KvServerMessageSchema } from '../gen/agent/v1/kv_pb.js';
import { McpArgsSchema, McpResultSchema, type McpArgs, type McpResult } from '../gen/agent/v1/mcp_pb.js';
import { RequestContextSchema, type RequestContext } from '../gen/agent/v1/request_context_pb.js';
import { builtinExecArgs } from './builtin-execs.js';
import { interactionQueryOf, interactionVerdict } from './interaction-queries.js';
import { bareToolName, declaredTools, findTool } from './declared-tools.js';
import { PendingReplies } from './deferred.js';
import { ExecReplies, type ExecAnswer } from './exec-replies.js';
import type { RunResponseWriter, ServerMessageInit } from './response-writer.js';
import type {
  BuiltinExecAnswer,
  BuiltinExecKind,
  FakeError,
  FakeRun,
  FakeRunRecord,
  InteractionQueryKind,
  InteractionVerdict,
  ToolCallSpec,
  WebSearchHit,
} from './types.js';

/** How often the server repeats its heartbeat while a question waits for an answer. */
const QUERY_HEARTBEAT_MS = 200;

type UpdateCase = NonNullable<MessageInitShape<typeof InteractionUpdateSchema>['message']>;
type ExecCase = NonNullable<MessageInitShape<typeof ExecServerMessageSchema>['message']>;
type KvCase = NonNullable<MessageInitShape<typeof KvServerMessageSchema>['message']>;

export class ScriptedRun implements FakeRun {
  readonly headers: Record<string, string>;
  readonly request: AgentRunRequest;
  readonly received: AgentClientMessage[];

  private readonly abortController = new AbortController();
  private readonly cancelController = new AbortController();
  private readonly execReplies: ExecReplies;
  private readonly kvReplies = new PendingReplies<KvClientMessage>();
  private readonly interactionReplies = new PendingReplies<InteractionResponse>();
  /** RequestContexts the client returned on this stream; their tools count as declared. */
  private readonly contexts: RequestContext[] = [];
  private nextId = 1;

  constructor(
    private readonly record: FakeRunRecord,
    private readonly writer: RunResponseWriter,
  ) {
    this.headers = record.headers;
    this.request = record.request;
    this.received = record.received;
    this.execReplies = new ExecReplies(record.execs);
  }

  get aborted(): AbortSignal {
    return this.abortController.signal;
  }

  get cancelled(): AbortSignal {
    return this.cancelController.signal;
  }

  // --- input side, driven by the stream handler ---

  /** Routes one client message (already recorded) to whoever waits for it. */
  receive(message: AgentClientMessage): void {
    const { case: kind, value } = message.message;
    if (kind === 'kvClientMessage') this.kvReplies.settle(value.id, value);
    else if (kind === 'interactionResponse') this.interactionReplies.settle(value.id, value);
    else if (kind === 'conversationAction' && value.action.case === 'cancelAction') {
      // Where the real server stops the model (§4.13); `aborted` still waits for the reset.
      this.record.cancelActionAt ??= performance.now();
      this.cancelController.abort();
    }
    this.execReplies.receive(message);
  }

  /** The client half-closed: replies still awaited can never come. */
  inputEnded(): void {
    this.closeInput(new Error('the client closed its side of the Run stream before answering'));
  }

  clientAborted(): void {
    this.abortController.abort();
    this.closeInput(new Error('the client aborted the Run stream'));
  }

  // --- FakeRun ---

  send(message: ServerMessageInit): void {
    this.writer.send(message);
  }

  text(text: string): void {
    this.update({ case: 'textDelta', value: { text } });
  }

  thinking(text: string): void {
    this.update({ case: 'thinkingDelta', value: { text } });
  }

  thinkingCompleted(durationMs: number): void {
    this.update({ case: 'thinkingCompleted', value: { thinkingDurationMs: durationMs } });
  }

  tokenDelta(tokens: number): void {
    this.update({ case: 'tokenDelta', value: { tokens } });
  }

  heartbeat(): void {
    this.update({ case: 'heartbeat', value: {} });
  }

  turnEnded(): void {
    this.update({ case: 'turnEnded', value: {} });
  }

  checkpoint(state: Partial<ConversationStateStructure> = {}): void {
    // A Partial may carry `$typeName: undefined`, which an init shape does not allow.
    const { $typeName: _typeName, ...init } = state;
    this.send({ message: { case: 'conversationCheckpointUpdate', value: init } });
  }

  async requestContext(): Promise<RequestContext> {
    const answer = await this.exec({ case: 'requestContextArgs', value: {} }).answer;
    if (answer.kind === 'throw') throw new Error(`request_context_args failed: ${answer.error}`);
    const result = answer.message.message;
    if (result.case !== 'requestContextResult') throw new Error(`request_context_args answered with ${result.case}`);
    if (result.value.result.case !== 'success') {
      throw new Error(`request_context_result ${result.value.result.case ?? 'empty'}`);
    }
    const context = result.value.result.value.requestContext ?? create(RequestContextSchema);
    this.contexts.push(context);
    return context;
  }

  async toolCall(spec: ToolCallSpec): Promise<McpResult> {
    const [result] = await this.toolCalls([spec]);
    return result;
  }

  async toolCalls(specs: ToolCallSpec[]): Promise<McpResult[]> {
    const tools = declaredTools(this.request, this.contexts);
    const calls = specs.map((spec) => {
      const tool = findTool(tools, spec.name);
      const args = create(McpArgsSchema, {
        name: tool?.name ?? spec.name,
        args: toValueMap(spec.args),
        toolCallId: spec.toolCallId ?? newToolCallId(),
        providerIdentifier: tool?.providerIdentifier ?? '',
        toolName: tool ? bareToolName(tool) : spec.name,
      });
      this.update({ case: 'toolCallStarted', value: { callId: args.toolCallId, toolCall: mcpToolCall(args) } });
      return { args, exec: this.exec({ case: 'mcpArgs', value: args }) };
    });
    const results = await Promise.all(
      calls.map(async ({ exec }) => {
        const answer = await exec.answer;
        await this.execReplies.streamCloseRightAfter(exec.id);
        return mcpResultOf(answer);
      }),
    );
    calls.forEach(({ args }, index) => {
      const value = { callId: args.toolCallId, toolCall: mcpToolCall(args, results[index]) };
      this.update({ case: 'toolCallCompleted', value });
    });
    return results;
  }

  async builtinExec(kind: BuiltinExecKind): Promise<BuiltinExecAnswer> {
    const exec = this.exec(builtinExecArgs(kind, newToolCallId()));
    const answer = await exec.answer;
    if (answer.kind === 'throw') return answer;
    const streamClosed = await this.execReplies.streamCloseRightAfter(exec.id);
    return { kind: 'result', message: answer.message, streamClosed };
  }

  async interactionQuery(kind: InteractionQueryKind, toolCallId = newToolCallId()): Promise<InteractionResponse> {
    const id = this.freshId();
    const reply = this.interactionReplies.expect(id);
    this.sendOrClose({ message: { case: 'interactionQuery', value: interactionQueryOf(kind, id, toolCallId) } });
    // The real server has no timeout of its own: it waits, sending heartbeats (§4.13).
    const heartbeats = setInterval(() => this.heartbeat(), QUERY_HEARTBEAT_MS);
    try {
      return await reply;
    } finally {
      clearInterval(heartbeats);
    }
  }

  async webSearch(searchTerm: string, outcome: { hits: WebSearchHit[] } | { error: string }): Promise<InteractionVerdict> {
    const toolCallId = newToolCallId();
    const verdict = interactionVerdict(await this.interactionQuery('web_search', toolCallId));
    // Approved in the web-search arm's layout, whatever the client meant to say.
    if (verdict.arm !== 2 || verdict.verdict !== 'approved') return verdict;
    const args = { searchTerm, toolCallId };
    const started = { tool: { case: 'webSearchToolCall' as const, value: { args } } };
    this.update({ case: 'toolCallStarted', value: { callId: toolCallId, toolCall: started } });
    const result =
      'hits' in outcome
        ? { result: { case: 'success' as const, value: { references: outcome.hits } } }
        : { result: { case: 'error' as const, value: { error: outcome.error } } };
    const completed = { tool: { case: 'webSearchToolCall' as const, value: { args, result } } };
    this.update({ case: 'toolCallCompleted', value: { callId: toolCallId, toolCall: completed } });
    return verdict;
  }

  async getBlob(blobId: Uint8Array): Promise<Uint8Array | undefined> {
    const reply = await this.kv({ case: 'getBlobArgs', value: { blobId } });
    if (reply.message.case !== 'getBlobResult') throw new Error(`get_blob_args answered with ${reply.message.case}`);
    return reply.message.value.blobData;
  }

  async setBlob(data: Uint8Array): Promise<Uint8Array> {
    const blobId = new Uint8Array(createHash('sha256').update(data).digest());
    const reply = await this.kv({ case: 'setBlobArgs', value: { blobId, blobData: data } });
    if (reply.message.case !== 'setBlobResult') throw new Error(`set_blob_args answered with ${reply.message.case}`);
    if (reply.message.value.error) throw new Error(`set_blob failed: ${reply.message.value.error.message}`);
    return blobId;
  }

  fail(error: FakeError): void {
    this.writer.fail(error);
  }

  reset(): void {
    this.writer.reset();
  }

  end(): void {
    this.writer.end();
  }

  sleep(ms: number): Promise<void> {
    const signal = this.aborted;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    });
  }

  // --- helpers ---

  private update(message: UpdateCase): void {
    this.send({ message: { case: 'interactionUpdate', value: { message } } });
  }

  private freshId(): number {
    return this.nextId++ >>> 0;
  }

  /** Sends a request whose reply is awaited; when it cannot go out, no reply can come either. */
  private sendOrClose(message: ServerMessageInit): void {
    if (!this.writer.send(message)) this.closeInput(new Error('the Run response is already over'));
  }

  /** Sends an exec; `answer` resolves with the client's result or throw. */
  private exec(message: ExecCase): { id: number; answer: Promise<ExecAnswer> } {
    const id = this.freshId();
    const execId = randomUUID();
    const answer = this.execReplies.open(id, execId, message.case ?? 'unset');
    this.sendOrClose({ message: { case: 'execServerMessage', value: { id, execId, message } } });
    return { id, answer };
  }

  private kv(message: KvCase): Promise<KvClientMessage> {
    const id = this.freshId();
    const reply = this.kvReplies.expect(id);
    this.sendOrClose({ message: { case: 'kvServerMessage', value: { id, message } } });
    return reply;
  }

  private closeInput(reason: Error): void {
    this.execReplies.close(reason);
    this.kvReplies.close(reason);
    this.interactionReplies.close(reason);
  }
}

function toValueMap(args: Record<string, unknown>): Record<string, Value> {
  const values: Record<string, Value> = {};
  for (const [key, value] of Object.entries(args)) {
    if (value !== undefined) values[key] = fromJson(ValueSchema, value as JsonValue);
  }
  return values;
}

function mcpToolCall(args: McpArgs, result?: McpResult): MessageInitShape<typeof ToolCallSchema> {
  return { tool: { case: 'mcpToolCall', value: { args, result } } };
}

function mcpResultOf(answer: ExecAnswer): McpResult {
  if (answer.kind === 'result' && answer.message.message.case === 'mcpResult') return answer.message.message.value;
  const error = answer.kind === 'throw' ? answer.error : `mcp_args answered with ${answer.message.message.case}`;
  return create(McpResultSchema, { result: { case: 'error', value: { error } } });
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh Anthropic-style id (`toolu_01…`), which Cursor also uses for tool calls. */
function newToolCallId(): string {
  const suffix = [...randomBytes(22)].map((byte) => ID_ALPHABET.charAt(byte % ID_ALPHABET.length)).join('');
  return `toolu_01${suffix}`;
}
