// What one public API (Anthropic Messages, OpenAI Chat Completions, OpenAI Responses) plugs
// into the shared HTTP machinery: parse a body into the Conversation, encode TurnEvents as its
// SSE or JSON, and shape its errors. The routes, the turn driver and the error writer are
// written once; server.ts mounts every dialect of the registry (dialects.ts) the same way.
import type { Conversation } from '../conversation.js';
import type { TurnEvent } from '../events.js';
import type { ApiError } from './api-error.js';
import type { ApiRoutes } from './api-routes.js';

export type DialectName = 'anthropic' | 'openai' | 'responses';

export interface ParsedTurnRequest {
  conversation: Conversation;
  stream: boolean;
  /** OpenAI `stream_options.include_usage`. */
  includeUsage: boolean;
  /** What the client asked for that Cursor cannot do (hosted tools, sampling settings); logged with the turn. */
  notes?: string[];
}

/** What a response needs besides the events. */
export interface TurnContext {
  /** The model id the client sent; responses echo it. */
  clientModel: string;
  /** The local token count of the prompt, for when Cursor reports no input tokens. May be computed on first read. */
  readonly estimatedInputTokens: number;
  includeUsage: boolean;
}

/** Encodes one turn's events as SSE frames, incrementally. */
export interface StreamEncoder {
  /** Frames sent right after the headers (message_start / the role chunk). */
  open(): string;
  /** Frames for one event; '' when the event shows nothing to the client. */
  push(event: TurnEvent): string;
  /** The terminal frame for a failure after the stream began. */
  fail(error: ApiError, requestId: string): string;
  /** Sent when the stream has been idle for a while. */
  keepAlive(): string;
}

export interface ErrorResponse {
  status: number;
  body: unknown;
}

/** Reads one request header (lower-case name). */
export type HeaderReader = (name: string) => string | undefined;

/**
 * `R` is what this API's parser returns; the turn driver hands that same object back to
 * `createStream` and `accumulate` (an API whose responses echo request fields reads them there).
 */
export interface Dialect<R extends ParsedTurnRequest = ParsedTurnRequest> {
  readonly name: DialectName;
  /** The POST route of a turn. Errors on it and on every path under it answer in this API's shape. */
  readonly turnPath: string;
  /** Routes of this API besides the turn (count_tokens, stored responses), mounted behind the key check. */
  mountRoutes?(routes: ApiRoutes): void;
  parseRequest(body: unknown, header: HeaderReader): R;
  errorResponse(error: ApiError, requestId: string): ErrorResponse;
  createStream(context: TurnContext, request: R): StreamEncoder;
  /** The whole turn as one JSON response (non-streaming). */
  accumulate(events: TurnEvent[], context: TurnContext, request: R): unknown;
}

/** Whether a request path belongs to this dialect (its turn path or below). */
export function ownsPath(dialect: Dialect, path: string): boolean {
  return path === dialect.turnPath || path.startsWith(`${dialect.turnPath}/`);
}
