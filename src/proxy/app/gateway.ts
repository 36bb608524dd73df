// Assembles the whole gateway: client key, token, Cursor engine (or the demo backend), HTTP
// front ends. The CLI, the tests and the desktop app's engine process all start it here.
import { activityObserver, createActivity, type Activity } from '../usage/activity.js';
import { openAuthService } from '../auth/open-auth-service.js';
import { systemBrowserOpener } from '../auth/open-browser.js';
import type { TokenProvider, TokenStatus } from '../auth/token-provider.js';
import { loadOrCreateClientKey, type ClientKey } from './client-key.js';
import { DEFAULT_HOST, DEFAULT_PORT, readEnvConfig } from './config.js';
import { EnvTokenProvider } from '../cursor/env-token-provider.js';
import { createEngine, type EngineOptions } from '../engine.js';
import type { Engine } from '../engine-api.js';
import { clearGatewayState, writeGatewayState } from './gateway-state.js';
import { createLogger, type Logger } from '../log/logger.js';
import { observeEngine } from '../observed-engine.js';
import type { FallbackNotice } from '../resilience/fallback.js';
import { fallbackChainsSource } from '../resilience/fallback-source.js';
import { LiveSettings } from './settings-store.js';
import { resilientEngine } from '../resilience/resilient-engine.js';
import { TrafficCapture } from '../log/capture.js';
import { rememberSecret } from '../log/redact.js';
import { openRequestLog, type RequestLogWriter } from '../log/request-log.js';
import { fanOut, type RecordSink } from '../log/request-record.js';
import { createApp, startServer } from '../http/server.js';
import { VERSION } from './version.js';
import { Limits, readEnvLimits } from '../usage/limits.js';
import { LocalUsage } from '../usage/local-usage.js';
import { capEngine } from '../usage/caps-engine.js';
import { guardLoops } from '../usage/loop-guard.js';
import { meterObserver } from '../usage/meter-observer.js';
import { openPlanUsage } from '../usage/open-plan-usage.js';
import { poolStatusFrom } from '../usage/pool-status-source.js';
import { UsageService } from '../usage/usage-service.js';
import type { FakeCursor } from '../../fake-cursor/index.js';

export interface GatewayOptions {
  host?: string;
  port?: number;
  /** Serve the built-in fake Cursor backend instead of Cursor. */
  demo?: boolean;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Where the Cursor token comes from; default THALAMUS_CURSOR_TOKEN, else the saved login (src/proxy/auth). */
  tokenProvider?: TokenProvider;
  /** Engine tuning (timeouts, CA) for tests and embedders. */
  engineOptions?: Partial<EngineOptions>;
  /** Announce the gateway in the config dir for `thalamus env|status` (default true). */
  announce?: boolean;
  /** Told when the fallback chain answered a turn with another model (the app shows a notification). */
  onFallback?: (notice: FallbackNotice) => void;
  /** Serve the web UI at /ui/ and its admin API at /admin/api (`serve --ui`). */
  ui?: boolean;
  /** Also gets each request's record, besides the request log in the config dir. */
  records?: RecordSink;
  /** Start with traffic capture on (`serve --capture`); default THALAMUS_CAPTURE=1. */
  capture?: boolean;
}

export interface RunningGateway {
  url: string;
  clientKey: ClientKey;
  /** True when serving the demo backend. */
  demo: boolean;
  upstream: string;
  engine: Engine;
  /** Requests served today and the last failure. */
  activity: Activity;
  /** Plan meters, local accounting and the limits in force. */
  usage: UsageService;
  configDir: string;
  /** The demo backend, when `demo`. */
  fakeCursor?: FakeCursor;
  /** The request log in the config dir (log/request-log.ts). */
  requestLog: RequestLogWriter;
  /** Traffic capture, switchable while running. */
  capture: TrafficCapture;
  close(): Promise<void>;
}

/** The demo backend's token: a JWT-shaped string that expires far in the future. */
const DEMO_TOKEN = ['{"alg":"none"}', '{"sub":"demo","email":"demo@thalamus.local","exp":4102444800}']
  .map((part) => Buffer.from(part).toString('base64url'))
  .concat('demo')
  .join('.');

export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const env = options.env ?? process.env;
  const config = readEnvConfig(env);
  const logger = options.logger ?? createLogger();
  // Before anything starts: a limit variable that cannot be read is an error that names it.
  const envLimits = readEnvLimits(env);
  const clientKey = await loadOrCreateClientKey(config.configDir, config.clientKey);
  rememberSecret(clientKey.key);
  // The login module, unless a token comes from the environment or the caller brings its own.
  const ownAuth = options.tokenProvider || config.cursorToken ? undefined : await openAuthService({ env, logger, openBrowser: systemBrowserOpener() });
  const userTokens = options.tokenProvider ?? ownAuth ?? new EnvTokenProvider(env);
  // Never the demo by surprise: a token in the environment, even an expired one, means Cursor.
  const demo = options.demo ?? (!config.cursorToken && !hasLogin(userTokens));

  // The demo backend is loaded only for the demo: a logged-in gateway never pays for its code.
  const fakeCursor = demo ? await (await import('../../fake-cursor/index.js')).startFakeCursor({ keepRecords: 0 }) : undefined;
  const upstream = fakeCursor?.url ?? config.cursorBaseUrl;
  const tokenProvider = demo ? new EnvTokenProvider({ THALAMUS_CURSOR_TOKEN: DEMO_TOKEN }) : userTokens;
  const activity = createActivity();
  // The UI's settings.json, as the request path sees it: limits and fallback chains follow edits.
  const settings = new LiveSettings(config.configDir, (why) => logger.warn('a setting in settings.json is ignored', { why }));
  const limits = new Limits(envLimits, settings);
  const fallbackChains = fallbackChainsSource(config.fallback, settings);
  const requestLog = openRequestLog(config.configDir, { onError: (error) => logger.warn('request log not written', { message: String(error) }) });
  const capture = new TrafficCapture(config.configDir, options.capture ?? env.THALAMUS_CAPTURE === '1', (error) =>
    logger.warn('traffic capture not written', { message: String(error) }),
  );
  // Local accounting reads the same records the log keeps: what earlier runs logged (read while
  // the gateway already listens: a log can hold 16 MiB), then each new one.
  const localUsage = new LocalUsage();
  void localUsage.seedFromLog(config.configDir);
  const records = fanOut(
    [requestLog.sink, (record) => localUsage.add(record), ...(options.records ? [options.records] : [])],
    (error) => logger.error('request record sink failed', { message: String(error) }),
  );
  // The demo's meters are the fake's: they stay in memory, not in the file the statusline reads.
  const planUsage = openPlanUsage({ baseUrl: upstream, tokenProvider, clientVersion: config.clientVersion, configDir: demo ? undefined : config.configDir, ca: options.engineOptions?.ca });
  const usage = new UsageService(planUsage.meters, localUsage, limits);
  // Outermost: the user's caps refuse before anything is counted or started; the loop guard
  // cancels a run whose tool call would repeat a loop.
  const engine = capEngine(
    guardLoops(
      observeEngine(
        resilientEngine(
          createEngine({
            baseUrl: upstream,
            tokenProvider,
            clientVersion: config.clientVersion,
            poolStatus: poolStatusFrom(planUsage.meters),
            logger,
            ...options.engineOptions,
          }),
          {
            firstByteTimeoutMs: config.firstByteTimeoutMs,
            fallbackChains,
            onFallback: options.onFallback,
            logger,
          },
        ),
        [activityObserver(activity), meterObserver(planUsage.meters)],
      ),
      limits.loopLimit,
    ),
    { limits, local: localUsage, meters: planUsage.meters },
  );

  const api = createApp({
    engine,
    clientKey: clientKey.key,
    version: VERSION,
    upstreamBaseUrl: upstream,
    tokenStatus: () => tokenProvider.status(),
    log: logger,
    records,
    capture,
  });
  // Loaded only for `--ui`: the admin API and static UI cost start-up time nobody else needs.
  const app = options.ui
    ? (await import('../admin/admin-app.js')).withAdminUi(api, {
        engine,
        clientKey: clientKey.key,
        gatewayUrl: () => server.url,
        demo,
        account: userTokens,
        activity,
        usage,
        configDir: config.configDir,
        env,
        log: logger,
        observability: { configDir: config.configDir, capture, env },
      })
    : api;
  const server = await startServer({ app, host: options.host ?? DEFAULT_HOST, port: options.port ?? DEFAULT_PORT });
  const announce = options.announce ?? true;
  if (announce) {
    await writeGatewayState(config.configDir, {
      url: server.url,
      pid: process.pid,
      demo,
      upstream,
      startedAt: new Date().toISOString(),
    });
  }

  return {
    url: server.url,
    clientKey,
    demo,
    upstream,
    engine,
    activity,
    usage,
    configDir: config.configDir,
    fakeCursor,
    requestLog,
    capture,
    async close() {
      await server.close();
      await engine.close();
      await requestLog.flush();
      await localUsage.seeded();
      await capture.flush();
      await planUsage.close();
      await fakeCursor?.close();
      await ownAuth?.close();
      if (announce) await clearGatewayState(config.configDir);
    },
  };
}

/** Logged in, or logged in before and needing a new login: either way the user means Cursor, not the demo. */
function hasLogin(provider: TokenProvider): boolean {
  const status: TokenStatus & { needsLogin?: boolean } = provider.status();
  return status.loggedIn || status.needsLogin === true;
}
