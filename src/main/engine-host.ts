// What the engine process does with main's messages: start the gateway with the relayed
// token, report status, list models, run test chats, stop. Plain: the entry file
// (engine-process.ts) hands it the real channel and startGateway.
import type { GatewayOptions, RunningGateway } from '../proxy/app/gateway.js';
import { redact, type Logger } from '../proxy/log/logger.js';
import { modelMapFromEnv, type ModelMap } from '../proxy/model-resolution.js';
import { chatErrorMessage } from '../proxy/admin/chat.js';
import { isMainToEngine, type EngineConfig, type EngineStatus, type EngineToMain, type LogLevel, type MainToEngine } from '../shared/engine-protocol.js';
import type { ChatRequest } from '../shared/ipc.js';
import type { ChatEvent } from '../shared/thalamus-api.js';
import type { EngineChannel } from './engine-channel.js';
import { runChat } from '../proxy/admin/chat.js';
import { RelayedTokenProvider } from './relayed-token-provider.js';

export interface EngineHostOptions {
  channel: EngineChannel;
  startGateway: (options: GatewayOptions) => Promise<RunningGateway>;
  /** The engine's environment (THALAMUS_CURSOR_BASE_URL, THALAMUS_MODEL_MAP, …). */
  env: NodeJS.ProcessEnv;
  exit: (code: number) => void;
  refreshTimeoutMs?: number;
}

export class EngineHost {
  private gateway?: Promise<RunningGateway | undefined>;
  private tokens?: RelayedTokenProvider;
  private readonly chats = new Map<string, AbortController>();
  private readonly modelMap: ModelMap;
  private stopping = false;

  constructor(private readonly options: EngineHostOptions) {
    this.modelMap = modelMapFromEnv(options.env);
    options.channel.onMessage((message) => {
      if (isMainToEngine(message)) void this.handle(message);
    });
    options.channel.onParentGone(() => void this.stop(false));
  }

  private post(message: EngineToMain): Promise<void> {
    return this.options.channel.post(message);
  }

  async handle(message: MainToEngine): Promise<void> {
    switch (message.type) {
      case 'start':
        return this.start(message.config, message.token);
      case 'token':
        return this.tokens?.setToken(message.accessToken);
      case 'stop':
        return this.stop(true);
      case 'status':
        return void this.post({ type: 'status', ...(await this.status()) });
      case 'models':
        return this.models(message.requestId);
      case 'usage':
        return this.usage(message.requestId, message.refresh);
      case 'capture':
        return this.capture(message.requestId, message.enabled);
      case 'chat':
        return this.chat(message.chatId, message.request);
      case 'chat-stop':
        return this.chats.get(message.chatId)?.abort();
    }
  }

  private async start(config: EngineConfig, token: string | null): Promise<void> {
    if (this.gateway) return;
    const tokens = new RelayedTokenProvider(token, {
      requestRefresh: () => void this.post({ type: 'token-rejected' }),
      refreshTimeoutMs: this.options.refreshTimeoutMs,
    });
    this.tokens = tokens;
    this.gateway = this.options
      .startGateway({
        host: config.host,
        port: config.port,
        demo: config.demo,
        env: { ...this.options.env, THALAMUS_CONFIG_DIR: config.configDir },
        logger: forwardingLogger((level, text) => void this.post({ type: 'log', level, message: text })),
        tokenProvider: tokens,
        onFallback: (notice) => void this.post({ type: 'fallback', ...notice }),
      })
      .then(
        async (gateway) => {
          await this.post({ type: 'started', url: gateway.url });
          return gateway;
        },
        async (error: unknown) => {
          await this.post({ type: 'error', message: startFailureMessage(error, config) });
          this.options.exit(1);
          return undefined;
        },
      );
  }

  private async stop(tellMain: boolean): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const chat of this.chats.values()) chat.abort();
    await (await this.gateway)?.close();
    if (tellMain) await this.post({ type: 'stopped' });
    this.options.exit(0);
  }

  private async status(): Promise<EngineStatus> {
    const gateway = await this.gateway;
    if (!gateway) return { openRuns: 0, parkedRuns: 0, requestsToday: 0 };
    return { ...gateway.engine.stats(), ...gateway.activity.snapshot() };
  }

  private async models(requestId: number): Promise<void> {
    try {
      const gateway = await this.gateway;
      if (!gateway) throw new Error('The gateway is not running.');
      const models = (await gateway.engine.listModels()).map(({ id, displayName }) => ({ id, displayName }));
      await this.post({ type: 'models', requestId, models });
    } catch (error) {
      await this.post({ type: 'models-failed', requestId, message: chatErrorMessage(error) });
    }
  }

  private async usage(requestId: number, refresh: boolean): Promise<void> {
    try {
      const gateway = await this.gateway;
      if (!gateway) throw new Error('The gateway is not running.');
      await this.post({ type: 'usage', requestId, usage: await gateway.usage.view({ refresh }) });
    } catch (error) {
      await this.post({ type: 'usage-failed', requestId, message: chatErrorMessage(error) });
    }
  }

  private async capture(requestId: number, enabled: boolean | undefined): Promise<void> {
    const gateway = await this.gateway;
    if (!gateway) return this.post({ type: 'capture-failed', requestId, message: 'The gateway is not running.' });
    if (enabled !== undefined) gateway.capture.setEnabled(enabled);
    await this.post({ type: 'capture', requestId, enabled: gateway.capture.enabled });
  }

  private async chat(chatId: string, request: ChatRequest): Promise<void> {
    const send = (event: ChatEvent) => void this.post({ type: 'chat-event', chatId, event });
    const gateway = await this.gateway;
    if (!gateway) return send({ type: 'error', message: 'The gateway is not running.' });
    const abort = new AbortController();
    this.chats.set(chatId, abort);
    try {
      await runChat(gateway.engine, this.modelMap, request, send, abort.signal);
    } finally {
      this.chats.delete(chatId);
    }
  }
}

/** Log lines for main, masked here so no token leaves the engine even in a log. */
function forwardingLogger(write: (level: LogLevel, text: string) => void): Logger {
  const emit = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) =>
    write(level, redact(fields ? `${message} ${JSON.stringify(fields)}` : message));
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** Why the gateway did not start, in words that say what to do. */
export function startFailureMessage(error: unknown, config: EngineConfig): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `Port ${config.port} is already in use by another program. Choose another port in Settings.`;
  if (code === 'EACCES') return `Thalamus is not allowed to listen on port ${config.port}. Choose a port above 1024 in Settings.`;
  return `The gateway could not start: ${redact(error instanceof Error ? error.message : String(error))}`;
}
