// The scripting surface of the fake Cursor server. Tests and the --demo backend drive runs
// through this; the server speaks the real wire protocol (reference §9) over real HTTP/2.
import type { MessageInitShape } from '@bufbuild/protobuf';
import type {
  AgentClientMessage,
  AgentServerMessageSchema,
  GetUsableModelsResponse,
} from '../gen/agent/v1/agent_service_pb.js';
import type { AgentRunRequest, ConversationStateStructure } from '../gen/agent/v1/agent_pb.js';
import type { FakeAccount, FakeAccountState } from './account.js';
import type { ExecClientMessage } from '../gen/agent/v1/exec_pb.js';
import type { McpResult } from '../gen/agent/v1/mcp_pb.js';
import type { FakeDashboard } from './dashboard.js';
import type { InteractionResponse } from '../gen/agent/v1/interaction_pb.js';
import type { RequestContext } from '../gen/agent/v1/request_context_pb.js';
import type { FaultInjector } from './faults.js';

/** One scripted turn. It runs once per `Run` stream the client opens. */
export type RunScript = (run: FakeRun) => Promise<void>;

export type BuiltinExecKind =
  | 'shell'
  | 'shell_stream'
  | 'write'
  | 'delete'
  | 'grep'
  | 'read'
  | 'ls'
  | 'fetch'
  | 'diagnostics'
  | 'background_shell_spawn';

/** Every interaction-query arm (reference §4.13), and `unknown`: an arm no client knows (field 99). */
export type InteractionQueryKind =
  | 'web_search'
  | 'ask_question'
  | 'switch_mode'
  | 'exa_search'
  | 'exa_fetch'
  | 'create_plan'
  | 'setup_vm'
  | 'web_fetch'
  | 'pr_management'
  | 'mcp_auth'
  | 'generate_image'
  | 'replace_env'
  | 'connect_scm'
  | 'unknown';

/**
 * An interaction response as the real server reads it: the arm's own layout decides, so an
 * answer written in another arm's layout counts as whatever it decodes to here (§4.13).
 */
export interface InteractionVerdict {
  /** The response arm (field number), 0 when the response had none. */
  arm: number;
  /** approved, rejected, error, success, failure, async, … or `empty` for no inner case. */
  verdict: string;
  /** The reason or error text the client gave, if any. */
  reason?: string;
}

/** One hit of the fake's web search, as Cursor reports it in web_search_tool_call (§4.13). */
export interface WebSearchHit {
  title: string;
  url: string;
  chunk: string;
}

/** The client's answer to a built-in exec: its typed result message, or an ExecClientThrow. */
export type BuiltinExecAnswer =
  | { kind: 'result'; message: ExecClientMessage; streamClosed: boolean }
  | { kind: 'throw'; error: string };

export interface ToolCallSpec {
  name: string;
  args: Record<string, unknown>;
  /** Defaults to a fresh `toolu_…`-style id. */
  toolCallId?: string;
}

export interface FakeRun {
  /** Request headers of the Run call (lower-case names). */
  readonly headers: Record<string, string>;
  /** The decoded first message. */
  readonly request: AgentRunRequest;
  /** Every client message received on this stream so far, in order (run_request first). */
  readonly received: AgentClientMessage[];
  /** Aborted by the client (HTTP/2 RST_STREAM) or the connection closed. */
  readonly aborted: AbortSignal;
  /** The client sent `conversation_action { cancel_action {} }` (where the real server stops the model). */
  readonly cancelled: AbortSignal;

  text(text: string): void;
  thinking(text: string): void;
  /** thinking_completed, after the thinking deltas. */
  thinkingCompleted(durationMs: number): void;
  tokenDelta(tokens: number): void;
  heartbeat(): void;
  checkpoint(state?: Partial<ConversationStateStructure>): void;
  turnEnded(): void;

  /** Sends request_context_args and resolves with the client's RequestContext. */
  requestContext(): Promise<RequestContext>;
  /** Sends tool_call_started + exec mcp_args; resolves with the client's mcp_result (and waits for stream_close if sent right after). */
  toolCall(spec: ToolCallSpec): Promise<McpResult>;
  /** Several tool calls in one step: all exec messages go out before any result is awaited. */
  toolCalls(specs: ToolCallSpec[]): Promise<McpResult[]>;
  /** Asks the client to run a Cursor built-in tool; resolves with how it answered. */
  builtinExec(kind: BuiltinExecKind): Promise<BuiltinExecAnswer>;
  /**
   * Asks the client a question; resolves with its answer. Like the real server, it keeps
   * sending heartbeats while no answer has come, and never times out.
   */
  interactionQuery(kind: InteractionQueryKind, toolCallId?: string): Promise<InteractionResponse>;
  /**
   * Cursor's server-side web search: asks for approval (web_search_request_query) and, when
   * approved, reports the search as web_search_tool_call updates (started, then completed
   * with `hits` as references, or with `error`). Resolves with the client's verdict.
   */
  webSearch(searchTerm: string, outcome: { hits: WebSearchHit[] } | { error: string }): Promise<InteractionVerdict>;
  /** KV: asks the client for a blob; undefined when the client does not have it. */
  getBlob(blobId: Uint8Array): Promise<Uint8Array | undefined>;
  /** KV: stores a blob on the client; resolves with its id (SHA-256). */
  setBlob(data: Uint8Array): Promise<Uint8Array>;

  /** Writes any AgentServerMessage as is (for cases the helpers above do not cover). */
  send(message: MessageInitShape<typeof AgentServerMessageSchema>): void;

  /** Ends the stream with a Connect end-stream error (details: ErrorDetails encoded per §3.1). */
  fail(error: FakeError): void;
  /** Resets the HTTP/2 stream (RST_STREAM) without an end-stream frame. */
  reset(): void;
  /** Resolves after `ms`, or when the client aborts. */
  sleep(ms: number): Promise<void>;
  /** Ends the stream normally with the `{}` end-stream frame. Called automatically when the script returns. */
  end(): void;
}

export interface FakeError {
  /** Connect code string, e.g. `resource_exhausted`. */
  code: string;
  message: string;
  /** aiserver.v1.ErrorDetails.Error enum value, when set it goes into details[]. */
  detailsError?: number;
  detailsTitle?: string;
  detailsDetail?: string;
  /** Instead of a 200 + end-stream error, answer the Run call with this HTTP status and a Connect JSON error. */
  httpStatus?: number;
  /** A `retry-after` (seconds): a header with httpStatus, else end-stream metadata. */
  retryAfterSeconds?: number;
}

/** What the fake saw of one Run stream, for assertions after the fact. */
export interface FakeRunRecord {
  headers: Record<string, string>;
  request: AgentRunRequest;
  received: AgentClientMessage[];
  /** Bytes the client wrote on this stream (envelopes included). */
  bytesReceived: number;
  /** The client reset or abandoned the stream before the server ended it. */
  clientAborted: boolean;
  /** The server finished the response (normal end, error, or reset). */
  ended: boolean;
  /** Every exec the server sent on this stream, and how the client answered it. */
  execs: FakeExecRecord[];
  /** `received.length` when the client reset the stream: the messages that came before it. */
  receivedBeforeAbort?: number;
  /** ms timestamps (performance.now) of the first cancel_action and of the client's reset. */
  cancelActionAt?: number;
  abortedAt?: number;
  /** The script threw (not because the client went away); the run ended with `internal`. */
  scriptError?: string;
}

export interface FakeExecRecord {
  id: number;
  execId: string;
  /** The ExecServerMessage case, e.g. `mcpArgs`, `requestContextArgs`, `shellArgs`. */
  kind: string;
  answer?: 'result' | 'throw';
  /** exec_client_control_message.stream_close{id} arrived (at any time so far). */
  streamClosed: boolean;
}

export interface FakeCursorOptions {
  /** Serve TLS (self-signed, `ca` exposed) instead of h2c. */
  tls?: boolean;
  /** Script for every Run until changed; defaults to the demo script. */
  script?: RunScript;
  /** The account the fake serves from (defaultAccountState() for what is not given). */
  account?: Partial<FakeAccountState>;
  host?: string;
  port?: number;
  /** Keep only the latest this many runs and unary calls in `runs`/`unaryCalls` (default: all,
   *  for assertions). The demo backend keeps none: each kept run holds its decoded conversation,
   *  and a `serve --demo` left running would hold every request it ever answered. */
  keepRecords?: number;
}

export interface FakeCursor {
  readonly url: string;
  /** PEM of the self-signed certificate when `tls`. */
  readonly ca?: string;
  readonly runs: FakeRunRecord[];
  /** Connection faults for the next Run streams (GOAWAY, stream resets, dropped connections). */
  readonly faults: FaultInjector;
  /** HTTP/2 sessions (connections) clients have opened so far. */
  readonly sessionsOpened: number;
  /** The account state the fake serves from: plan, pools, models, version floor, replay bounds. */
  readonly account: FakeAccount;
  setScript(script: RunScript): void;
  /** Makes GetUsableModels fail with this error until cleared with undefined. */
  setModelsError(error: FakeError | undefined): void;
  /** Unary calls seen: path, headers, content-type. */
  readonly unaryCalls: Array<{ path: string; headers: Record<string, string> }>;
  modelsResponse(): GetUsableModelsResponse;
  /** The auth endpoints (reference §6): logins, exchanges, refreshes, and which tokens Run accepts. */
  readonly auth: FakeAuth;
  /** aiserver.v1.DashboardService (plan, usage pools, on-demand), scripted per plan shape. */
  readonly dashboard: FakeDashboard;
  close(): Promise<void>;
}

export interface FakeTokens {
  accessToken: string;
  refreshToken: string;
}

export type FakeAuthEndpoint = '/auth/poll' | '/auth/exchange_user_api_key' | '/auth/refresh';

/** One auth call the fake answered. */
export interface FakeAuthCall {
  path: FakeAuthEndpoint;
  status: number;
  /** What the bearer was, as far as the fake knows it. */
  credential: 'api-key' | 'refresh-token' | 'unknown' | 'none';
}

/**
 * Tokens are unsigned JWT-shaped strings (`exp`, `sub`, `email`). Run and the unary RPCs accept
 * any bearer except a revoked one or a JWT whose `exp` has passed (Connect `unauthenticated`).
 */
export interface FakeAuth {
  readonly calls: FakeAuthCall[];
  /** Lifetime of tokens issued from now on (default 3600 s). */
  tokenTtlSeconds: number;
  /** Refreshes return a new refresh token too (default false: clients must keep the old one). */
  refreshReturnsRefreshToken: boolean;
  /** What the browser does with the login URL: records its PKCE challenge, checked at poll time. */
  visitLoginPage(url: string): { uuid: string; challenge: string };
  /** The user finished the login for `uuid`: the next poll returns these tokens (given, or issued now), once. */
  approve(uuid: string, options?: { email?: string; ttlSeconds?: number; tokens?: FakeTokens }): FakeTokens;
  pollCount(uuid: string): number;
  /** The next `count` polls answer `status` (default 500). */
  failNextPolls(count: number, status?: number): void;
  /** An API key /auth/exchange_user_api_key accepts. */
  addApiKey(apiKey: string, options?: { email?: string }): void;
  /** Fresh tokens whose refresh token the refresh endpoints accept. */
  issueTokens(options?: { email?: string; ttlSeconds?: number }): FakeTokens;
  /** Refuses this access token, refresh token or API key from now on. */
  revoke(token: string): void;
  /** Answers every call to `path` with `status` until cleared with undefined. */
  setEndpointStatus(path: FakeAuthEndpoint, status: number | undefined): void;
  /** Exchange and refresh answers wait until the returned function is called. */
  hold(): () => void;
}
