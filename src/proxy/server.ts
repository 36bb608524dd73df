// The gateway's HTTP surface: a thin router over the shared machinery in http/ and the
// dialects of the registry (dialects.ts). Everything API-specific lives in each dialect's folder.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler, type Response } from 'express';
import { anthropicDialect } from './anthropic/dialect.js';
import { anthropicModel, anthropicModelList } from './anthropic/models-list.js';
import type { TokenStatus } from './auth/token-provider.js';
import { createDialects } from './dialects.js';
import type { Engine, TurnModel } from './engine-api.js';
import { ApiError, toApiError } from './http/api-error.js';
import { jsonBody } from './http/body.js';
import { ownsPath, type Dialect, type ParsedTurnRequest } from './http/dialect.js';
import { sendError } from './http/error-response.js';
import { newId } from './http/ids.js';
import { clientKeyGuard, originGuard } from './http/security.js';
import { DEFAULT_KEEPALIVE_MS, rejectedTurnRecord, respondWithTurn } from './http/turn-response.js';
import { createLogger, type Logger } from './log.js';
import type { TrafficCapture } from './log/capture.js';
import type { RecordSink } from './log/request-record.js';
import { lookUpModel, modelMapFromEnv, resolveModel, type ModelMap } from './models.js';
import { openaiDialect } from './openai/dialect.js';
import { openaiModel, openaiModelList } from './openai/models-list.js';

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

/** Anthropic's SDK always sends `anthropic-version`; OpenAI clients never do. */
function isAnthropicClient(req: Request): boolean {
  return req.get('anthropic-version') !== undefined;
}

/** Errors answer in the caller's shape, told by the path (and, for models, the header); Anthropic's by default. */
function dialectFor(dialects: readonly Dialect[], req: Request): Dialect {
  const owner = dialects.find((dialect) => ownsPath(dialect, req.path));
  if (owner) return owner;
  if ((req.path === MODELS_PATH || req.path.startsWith(`${MODELS_PATH}/`)) && !isAnthropicClient(req)) return openaiDialect;
  return anthropicDialect;
}

function requestIdOf(res: Response): string {
  return res.locals.requestId as string;
}

export function createApp(options: AppOptions): Express {
  const { engine } = options;
  const modelMap = options.modelMap ?? modelMapFromEnv();
  const keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEPALIVE_MS;
  const log = options.log ?? createLogger();
  const allowedOrigins = options.allowedOrigins ?? [];
  const allowedHosts = options.allowedHosts ?? [];
  const dialects = createDialects();

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((_req, res, next) => {
    const requestId = newId('req_');
    res.locals.requestId = requestId;
    res.setHeader('request-id', requestId);
    res.setHeader('x-request-id', requestId);
    next();
  });

  app.use(originGuard({ allowedHosts, allowedOrigins }));

  app.get('/health', (_req, res) => {
    const token = options.tokenStatus();
    const stats = engine.stats();
    res.json({
      status: 'ok',
      version: options.version,
      upstream: options.upstreamBaseUrl,
      loggedIn: token.loggedIn,
      needsLogin: token.needsLogin ?? false,
      tokenExpiresAt: token.expiresAt?.toISOString() ?? null,
      openRuns: stats.openRuns,
      parkedRuns: stats.parkedRuns,
    });
  });

  app.use(clientKeyGuard(options.clientKey));
  app.use(jsonBody());

  const turnRoute = (dialect: Dialect): RequestHandler => async (req, res) => {
    const receivedAt = performance.now();
    const capture = options.capture?.begin({ id: requestIdOf(res), method: req.method, path: req.originalUrl, headers: req.headers, body: req.body });
    capture?.teeResponse(res);
    let request: ParsedTurnRequest | undefined;
    let model: TurnModel;
    try {
      request = dialect.parseRequest(req.body, (name) => req.get(name));
      const { conversation } = request;
      model = await resolveModel(
        { model: conversation.model, thinking: conversation.thinking, effort: conversation.effort },
        () => engine.listModels(),
        modelMap,
      );
    } catch (error) {
      const apiError = toApiError(error);
      const body = req.body as { model?: unknown; stream?: unknown } | undefined;
      const record = rejectedTurnRecord({
        api: dialect.name,
        requestId: requestIdOf(res),
        model: request?.conversation.model ?? (typeof body?.model === 'string' ? body.model : ''),
        stream: request?.stream ?? body?.stream === true,
        status: dialect.errorResponse(apiError, requestIdOf(res)).status,
        error: apiError,
        receivedAt,
      });
      options.records?.(record);
      void capture?.finish(record);
      throw apiError;
    }
    await respondWithTurn({ engine, dialect, request, model, requestId: requestIdOf(res), res, keepAliveMs, log, records: options.records, receivedAt, capture });
  };

  for (const dialect of dialects) {
    app.post(dialect.turnPath, turnRoute(dialect));
    dialect.mountRoutes?.(app);
  }

  app.get(MODELS_PATH, async (req, res) => {
    const models = await engine.listModels();
    res.json(isAnthropicClient(req) ? anthropicModelList(models) : openaiModelList(models));
  });

  app.get(`${MODELS_PATH}/:id`, async (req, res) => {
    const anthropic = isAnthropicClient(req);
    const model = await lookUpModel(req.params.id as string, () => engine.listModels(), modelMap);
    res.json(anthropic ? anthropicModel(model) : openaiModel(model));
  });

  app.use((req, _res, next) => next(new ApiError('not_found', `no route for ${req.method} ${req.path}`)));

  const onError: ErrorRequestHandler = (error, req, res, _next) => {
    const apiError = toApiError(error);
    if (apiError.kind === 'internal') log.error('request failed', { requestId: requestIdOf(res), path: req.path, message: apiError.message });
    if (res.headersSent) return void res.destroy();
    sendError(res, dialectFor(dialects, req), apiError, requestIdOf(res));
  };
  app.use(onError);
  return app;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Stops listening and drops every connection, keep-alive ones included. */
  close(): Promise<void>;
}

export async function startServer({ app, host, port }: { app: Express; host: string; port: number }): Promise<RunningServer> {
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
