// The messages between the main process and the engine process (src/main/engine-process.ts),
// which runs the gateway in an Electron utility process (or, in tests, a Node child process).
// The Cursor access token travels only in these messages: the engine never writes it anywhere.
import type { ChatEvent, ModelView } from './thalamus-api.js';
import type { UsageView } from './usage.js';
import type { ChatRequest } from './ipc.js';

export interface EngineConfig {
  host: string;
  port: number;
  /** Serve the built-in demo backend instead of Cursor (nobody is logged in). */
  demo: boolean;
  /** THALAMUS_CONFIG_DIR of the engine: client key, gateway.json. */
  configDir: string;
}

export interface EngineStatus {
  openRuns: number;
  parkedRuns: number;
  requestsToday: number;
  /** The last upstream failure, in words a person understands. */
  lastError?: string;
  /** ISO time of that failure. */
  lastErrorAt?: string;
}

export type MainToEngine =
  | { type: 'start'; config: EngineConfig; token: string | null }
  /** A new access token (after a refresh or a login); null: there is none any more. */
  | { type: 'token'; accessToken: string | null }
  | { type: 'stop' }
  /** Asks for a `status` answer. */
  | { type: 'status' }
  | { type: 'models'; requestId: number }
  | { type: 'usage'; requestId: number; refresh: boolean }
  /** Reads (enabled absent) or switches traffic capture; answered with `capture`. */
  | { type: 'capture'; requestId: number; enabled?: boolean }
  | { type: 'chat'; chatId: string; request: ChatRequest }
  | { type: 'chat-stop'; chatId: string };

export type LogLevel = 'info' | 'warn' | 'error';

export type EngineToMain =
  | { type: 'started'; url: string }
  | ({ type: 'status' } & EngineStatus)
  /** Already redacted by the engine. */
  | { type: 'log'; level: LogLevel; message: string }
  | { type: 'stopped' }
  /** The engine cannot go on (e.g. the port is taken); it exits right after. */
  | { type: 'error'; message: string }
  /** Cursor refused the token: main refreshes it and answers with a `token` message. */
  | { type: 'token-rejected' }
  | { type: 'models'; requestId: number; models: ModelView[] }
  | { type: 'models-failed'; requestId: number; message: string }
  | { type: 'usage'; requestId: number; usage: UsageView }
  | { type: 'usage-failed'; requestId: number; message: string }
  | { type: 'capture'; requestId: number; enabled: boolean }
  | { type: 'capture-failed'; requestId: number; message: string }
  | { type: 'chat-event'; chatId: string; event: ChatEvent }
  /** The fallback chain answered a turn with another model (Cursor ids; `reason` is the error kind). */
  | { type: 'fallback'; requested: string; answered: string; reason: string };

const MAIN_TO_ENGINE_TYPES: ReadonlySet<string> = new Set<MainToEngine['type']>(['start', 'token', 'stop', 'status', 'models', 'usage', 'capture', 'chat', 'chat-stop']);

/** Shape check at the process boundary: anything else is dropped. */
export function isMainToEngine(value: unknown): value is MainToEngine {
  return typeof value === 'object' && value !== null && MAIN_TO_ENGINE_TYPES.has((value as { type?: unknown }).type as string);
}
