// ThalamusApi as the desktop app answers it: the account and login from the AuthService,
// settings from the shared store, gateway state from the supervisor, models and the test
// chat from the engine process. The IPC handlers (ipc-handlers.ts) call this.
import { join } from 'node:path';
import { accountView } from '../proxy/admin/account-view.js';
import { parseChatRequest } from '../proxy/admin/chat.js';
import type { LoginSession } from '../proxy/admin/login-session.js';
import type { AuthService } from '../proxy/auth/auth-service.js';
import { mergeClaudeEnv } from '../proxy/app/claude-settings.js';
import { claudeCodeEnv } from '../proxy/app/client-env.js';
import { mergeCodexConfig } from '../proxy/app/codex-config.js';
import { ConfigFileExporter } from '../proxy/app/config-file-merge.js';
import { DEFAULT_HOST } from '../proxy/app/config.js';
import { writeFileAtomic } from '../proxy/util/files.js';
import { listRequests, reportZip } from '../proxy/log/observability.js';
import type { ChatEvent, ChatMessage, StatusView, ThalamusApi } from '../shared/thalamus-api.js';
import type { EngineClient } from './engine-client.js';
import type { EngineSupervisor } from './engine-supervisor.js';
import type { MainSettings } from './settings.js';

export interface MainApiDeps {
  supervisor: Pick<EngineSupervisor, 'snapshot'>;
  engine: Pick<EngineClient, 'status' | 'listModels' | 'chat' | 'usage' | 'capture'>;
  auth: AuthService;
  login: Pick<LoginSession, 'start' | 'cancel' | 'view'>;
  /** Opens the login page in the user's browser. */
  openExternal: (url: string) => void;
  settings: Pick<MainSettings, 'current' | 'update'>;
  clientKey: string;
  claudeSettingsPath: string;
  codexConfigPath: string;
  /** The request log and captures live here. */
  configDir: string;
  /** Where a bug report is saved (the Downloads folder). */
  reportsDir: string;
}

export function createMainApi(deps: MainApiDeps): ThalamusApi {
  const { supervisor, engine, auth, login, settings } = deps;

  /** The running gateway's URL, else where it will listen. */
  const baseUrl = () => supervisor.snapshot().url ?? `http://${DEFAULT_HOST}:${settings.current().port}`;
  const claudeEnv = () => claudeCodeEnv(settings.current(), baseUrl(), deps.clientKey);
  // No statusLine from the desktop app: the packaged app ships no CLI for Claude Code to run.
  const claudeSettings = new ConfigFileExporter('Claude Code', deps.claudeSettingsPath, () => (before) => mergeClaudeEnv(before, claudeEnv(), deps.claudeSettingsPath));
  const codexConfig = new ConfigFileExporter('Codex', deps.codexConfigPath, () => (before) => mergeCodexConfig(before, { baseUrl: baseUrl() }, deps.codexConfigPath));

  return {
    async getStatus(): Promise<StatusView> {
      const gateway = supervisor.snapshot();
      const counters = gateway.state === 'running' ? await engine.status() : undefined;
      return {
        gateway: { state: gateway.state, url: gateway.url, demo: gateway.demo },
        account: accountView(auth),
        login: login.view(),
        requestsToday: counters?.requestsToday ?? 0,
        // A gateway that cannot run matters more than a turn that failed.
        lastError: gateway.error ?? counters?.lastError,
        lastErrorAt: gateway.error ? undefined : counters?.lastErrorAt,
      };
    },

    async startLogin() {
      const view = login.start();
      if (view.url) deps.openExternal(view.url);
      return view;
    },
    async cancelLogin() {
      login.cancel();
    },
    logout: () => auth.logout(),

    listModels: () => engine.listModels(),
    getUsage: (refresh = false) => engine.usage(refresh),
    listRequests: (limit) => listRequests(deps.configDir, limit),
    getCapture: () => engine.capture(),
    setCapture: (enabled) => engine.capture(enabled),
    async createReport() {
      // The auth service runs here, so its tokens are already known to the redaction.
      const { fileName, data } = await reportZip({ configDir: deps.configDir, secrets: [deps.clientKey] });
      const savedTo = join(deps.reportsDir, fileName);
      await writeFileAtomic(savedTo, data);
      return { fileName, savedTo };
    },

    getSettings: async () => settings.current(),
    updateSettings: (patch) => settings.update(patch),

    getClientConfig: async () => ({ baseUrl: baseUrl(), clientKey: deps.clientKey }),

    async chat(request: { model: string; messages: ChatMessage[] }, onEvent: (event: ChatEvent) => void, signal?: AbortSignal) {
      let valid;
      try {
        valid = parseChatRequest(request);
      } catch (error) {
        return onEvent({ type: 'error', message: (error as Error).message });
      }
      return engine.chat(valid, onEvent, signal);
    },

    previewClaudeSettings: () => claudeSettings.preview(),
    applyClaudeSettings: () => claudeSettings.apply(),
    undoClaudeSettings: () => claudeSettings.undo(),
    previewCodexConfig: () => codexConfig.preview(),
    applyCodexConfig: () => codexConfig.apply(),
    undoCodexConfig: () => codexConfig.undo(),
  };
}
