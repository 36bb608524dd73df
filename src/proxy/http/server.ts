// The gateway's HTTP surface: a thin router over the shared machinery in http/ and the
// dialects of the registry (dialects.ts). Everything API-specific lives in each dialect's folder.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicDialect } from '../anthropic/dialect.js';
import { anthropicModel, anthropicModelList } from '../anthropic/models-list.js';
import type { TokenStatus } from '../auth/token-provider.js';
import { createDialects } from './dialects.js';
import type { Engine, TurnModel } from '../engine-api.js';
import { ApiError, toApiError } from './api-error.js';
import { ApiRoutes, headerOf, pathOf, sendJson, type ApiCall, type RouteHandler } from './api-routes.js';
import { readJsonBody } from './body.js';
import { ownsPath, type Dialect, type ParsedTurnRequest } from './dialect.js';
import { sendError } from './error-response.js';
import { newId } from './ids.js';
import { checkClientKey, guardOrigin, presentedKeys } from './security.js';
import { DEFAULT_KEEPALIVE_MS, rejectedTurnRecord, respondWithTurn } from './turn-response.js';
import { createLogger, type Logger } from '../log/logger.js';
import type { TrafficCapture } from '../log/capture.js';
import type { RecordSink } from '../log/request-record.js';
import { lookUpModel, modelMapFromEnv, resolveModel, type ModelMap } from '../model-resolution.js';
import { openaiDialect } from '../openai/dialect.js';
import { openaiModel, openaiModelList } from '../openai/models-list.js';

export interface AppOptions {
  engine: Engine;
  /** The key clients must present (x-api-key or Authorization: Bearer). */
  clientKey: string;
  /** Browser origins allowed to call the gateway (default: none). */
  allowedOrigins?: string[];
  /** Host names besides loopback the gateway answers to (default: none). */
  allowedHosts?: string[];
  version: string;
  upstreamBaseUrl: string;
  /** `needsLogin`: the login module's refresh was refused (AccountStatus). */
  tokenStatus: () => TokenStatus & { needsLogin?: boolean };
  /** Default: the built-in map overridden by THALAMUS_MODEL_MAP. */
  modelMap?: ModelMap;
  keepAliveMs?: number;
  log?: Logger;
  /** Gets one record per turn request (log/request-record.ts). */
  records?: RecordSink;
  /** Traffic capture (log/capture.ts); each turn request is captured while it is on. */
  capture?: TrafficCapture;
}

const MODELS_PATH = '/v1/models';

/** What node:http calls for each request: the API app, or the admin UI in front of it. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Anthropic's SDK always sends `anthropic-version`; OpenAI clients never do. */
function isAnthropicClient(call: ApiCall): boolean {
  return call.header('anthropic-version') !== undefined;
}

/** Errors answer in the caller's shape, told by the path (and, for models, the header); Anthropic's by default. */
function dialectFor(dialects: readonly Dialect[], path: string, headers: IncomingHttpHeaders): Dialect {
  const owner = dialects.find((dialect) => ownsPath(dialect, path));
  if (owner) return owner;
  if ((path === MODELS_PATH || path.startsWith(`${MODELS_PATH}/`)) && headers['anthropic-version'] === undefined) return openaiDialect;
  return anthropicDialect;
}

export function createApp(options: AppOptions): RequestListener {
  const { engine } = options;
  const modelMap = options.modelMap ?? modelMapFromEnv();
  const keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEPALIVE_MS;
  const log = options.log ?? createLogger();
  const originPolicy = { allowedHosts: options.allowedHosts ?? [], allowedOrigins: options.allowedOrigins ?? [] };
  const dialects = createDialects();
  const routes = new ApiRoutes();

  const turnRoute =
    (dialect: Dialect): RouteHandler =>
    async (call) => {
      const { req, res, requestId } = call;
      const receivedAt = performance.now();
      const capture = options.capture?.begin({ id: requestId, method: req.method ?? 'POST', path: req.url ?? call.path, headers: req.headers, body: call.body });
      capture?.teeResponse(res);
      let request: ParsedTurnRequest | undefined;
      let model: TurnModel;
      try {
        request = dialect.parseRequest(call.body, call.header);
        const { conversation } = request;
        model = await resolveModel(
          { model: conversation.model, thinking: conversation.thinking, effort: conversation.effort, maxMode: conversation.maxMode },
          () => engine.listModels(),
          modelMap,
        );
      } catch (error) {
        const apiError = toApiError(error);
        const body = call.body as { model?: unknown; stream?: unknown } | undefined;
        const record = rejectedTurnRecord({
          api: dialect.name,
          requestId,
          model: request?.conversation.model ?? (typeof body?.model === 'string' ? body.model : ''),
          stream: request?.stream ?? body?.stream === true,
          status: dialect.errorResponse(apiError, requestId).status,
          error: apiError,
          receivedAt,
        });
        options.records?.(record);
        void capture?.finish(record);
        throw apiError;
      }
    await respondWithTurn({ engine, dialect, request, model, requestId, res, keepAliveMs, log, records: options.records, receivedAt, capture });
    };

  for (const dialect of dialects) {
    routes.post(dialect.turnPath, turnRoute(dialect));
    dialect.mountRoutes?.(routes);
  }

  routes.get(MODELS_PATH, async (call) => {
    const models = await engine.listModels();
    sendJson(call.res, 200, isAnthropicClient(call) ? anthropicModelList(models) : openaiModelList(models));
  });

  routes.get(`${MODELS_PATH}/:id`, async (call) => {
    const model = await lookUpModel(call.params.id!, () => engine.listModels(), modelMap);
    sendJson(call.res, 200, isAnthropicClient(call) ? anthropicModel(model) : openaiModel(model));
  });

  const health = (res: ServerResponse) => {
    const token = options.tokenStatus();
    const stats = engine.stats();
    sendJson(res, 200, {
      status: 'ok',
      version: options.version,
      upstream: options.upstreamBaseUrl,
      loggedIn: token.loggedIn,
      needsLogin: token.needsLogin ?? false,
      tokenExpiresAt: token.expiresAt?.toISOString() ?? null,
      openRuns: stats.openRuns,
      parkedRuns: stats.parkedRuns,
    });
  };

  /** Guards, body, route; every failure answers in the caller's API shape. */
  const serve = async (req: IncomingMessage, res: ServerResponse, path: string, requestId: string): Promise<void> => {
    const origin = guardOrigin(req, res, originPolicy);
    if (origin === 'answered') return;
    if (origin) throw origin;
    // The one route without a key: a liveness probe that tells nothing secret.
    if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) return health(res);
    const keyError = checkClientKey(presentedKeys(req.headers), options.clientKey);
    if (keyError) throw keyError;
    const route = routes.match(req.method ?? 'GET', req.url ?? '/');
    if (!route) throw new ApiError('not_found', `no route for ${req.method} ${path}`);
    const body = await readJsonBody(req, res);
    await route.handle({ req, res, path, params: route.params, body, requestId, header: (name) => headerOf(req, name) });
  };

  return (req, res) => {
    const requestId = newId('req_');
    res.setHeader('request-id', requestId);
    res.setHeader('x-request-id', requestId);
    const path = pathOf(req.url);
    serve(req, res, path, requestId).catch((error: unknown) => {
      const apiError = toApiError(error);
      if (apiError.kind === 'internal') log.error('request failed', { requestId, path, message: apiError.message });
      if (res.headersSent) return void res.destroy();
      sendError(res, dialectFor(dialects, path, req.headers), apiError, requestId);
    });
  };
}

export interface RunningServer {
  url: string;
  port: number;
  /** Stops listening and drops every connection, keep-alive ones included. */
  close(): Promise<void>;
}

export async function startServer({ app, host, port }: { app: RequestListener; host: string; port: number }): Promise<RunningServer> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
