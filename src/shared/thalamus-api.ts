// The one API the UI talks to. Two thin implementations: the Electron preload (IPC to the main
// process) and HTTP to the gateway's admin API (`thalamus serve --ui`, for servers and WSL).
// Types only: imported by main, preload, renderer and the gateway alike.

import type { RequestList } from './request-record.js';
import type { UsageView } from './usage.js';

export type GatewayState = 'starting' | 'running' | 'stopped' | 'error';

export interface AccountView {
  loggedIn: boolean;
  email?: string;
  /** ISO time. */
  expiresAt?: string;
  storage?: 'keychain' | 'safe-storage-file' | 'file' | 'env';
  storageWarning?: string;
  needsLogin: boolean;
}

export interface LoginView {
  state: 'idle' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';
  /** The browser login URL, shown in case the browser did not open. */
  url?: string;
  error?: string;
}

export interface StatusView {
  gateway: { state: GatewayState; url?: string; demo: boolean };
  account: AccountView;
  login: LoginView;
  requestsToday: number;
  /** The last error, in words a person understands. */
  lastError?: string;
  /** ISO time of the last error. */
  lastErrorAt?: string;
}

export interface ModelView {
  id: string;
  displayName: string;
}

export interface Settings {
  port: number;
  defaultModel: string;
  smallFastModel: string;
  /** Gateway ids for Claude Code's own aliases (`opus`, `sonnet`, `haiku`: /model and sub-agents); '' for the model map's choice. */
  opusModel: string;
  sonnetModel: string;
  haikuModel: string;
  openAtLogin: boolean;
  /** Fallback chains (THALAMUS_FALLBACK syntax, which wins when set): `gpt-5.1>composer-1>default;…`; '' for none. */
  fallback: string;
  /** Requests forwarded per local day; null: no limit (THALAMUS_DAILY_REQUEST_LIMIT overrides). */
  dailyRequestLimit: number | null;
  /** Named models stop when the API pool reaches this percent; null: never (THALAMUS_API_POOL_STOP_PERCENT overrides). */
  apiPoolStopPercent: number | null;
}

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** What the test chat streams back. */
export type ChatEvent =
  | { type: 'model'; model: string }
  | { type: 'text'; text: string }
  | { type: 'thinking'; text: string }
  | { type: 'done' }
  | { type: 'error'; message: string };

/** A client config file merge (Claude Code's settings.json, Codex's config.toml) before it is applied. */
export interface ConfigFilePreview {
  path: string;
  /** Current file text ('' when missing) and the text after the merge. */
  before: string;
  after: string;
  /** What the merge changed beyond setting Thalamus's values (e.g. a provider switch removed), in words. */
  notes?: string[];
}

export interface ConfigFileApplied {
  path: string;
  /** The backup of the previous file, restored by undo; absent when there was no file. */
  backupPath?: string;
  /** As in the preview. */
  notes?: string[];
}

/** A bug report zip: saved by the desktop app (`savedTo`), or handed to the page to download (`data`). */
export interface ReportResult {
  fileName: string;
  savedTo?: string;
  data?: Uint8Array;
}

export interface ThalamusApi {
  getStatus(): Promise<StatusView>;
  startLogin(): Promise<LoginView>;
  cancelLogin(): Promise<void>;
  logout(): Promise<void>;
  listModels(): Promise<ModelView[]>;
  getSettings(): Promise<Settings>;
  updateSettings(patch: Partial<Settings>): Promise<Settings>;
  /** The client key and base URL for the env exporter. */
  getClientConfig(): Promise<{ baseUrl: string; clientKey: string }>;
  /** Streams one test-chat answer; resolves when it is over. `signal` stops it. */
  chat(request: { model: string; messages: ChatMessage[] }, onEvent: (event: ChatEvent) => void, signal?: AbortSignal): Promise<void>;
  previewClaudeSettings(): Promise<ConfigFilePreview>;
  applyClaudeSettings(): Promise<ConfigFileApplied>;
  undoClaudeSettings(): Promise<void>;
  /** Codex's config.toml pointed at the gateway (model provider `thalamus`). */
  previewCodexConfig(): Promise<ConfigFilePreview>;
  applyCodexConfig(): Promise<ConfigFileApplied>;
  undoCodexConfig(): Promise<void>;
  /** Plan meters, local accounting and limits; `refresh` asks Cursor now instead of using meters up to a minute old. */
  getUsage(refresh?: boolean): Promise<UsageView>;
  /** The request log, newest first (`limit` default 200). */
  listRequests(limit?: number): Promise<RequestList>;
  /** Whether traffic capture is on (log/capture.ts). */
  getCapture(): Promise<boolean>;
  setCapture(enabled: boolean): Promise<boolean>;
  /** The bug report zip (log/bug-report.ts). */
  createReport(): Promise<ReportResult>;
}
