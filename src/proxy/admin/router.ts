// The admin API under /admin/api: ThalamusApi over HTTP for the browser UI (`serve --ui`).
// Same guards as every API route: loopback Host, no foreign Origin, the client key.
import express, { type Router } from 'express';
import type { AuthService } from '../auth/auth-service.js';
import type { TokenProvider } from '../auth/token-provider.js';
import type { Activity } from '../usage/activity.js';
import { mergeClaudeEnv } from '../app/claude-settings.js';
import { mergeCodexConfig } from '../app/codex-config.js';
import { ConfigFileExporter } from '../app/config-file-merge.js';
import { claudeCodeEnv } from '../app/client-env.js';
import type { Engine } from '../engine-api.js';
import { jsonBody } from '../http/body.js';
import { clientKeyGuard, originGuard } from '../http/security.js';
import type { Logger } from '../log/logger.js';
import type { ModelMap } from '../model-resolution.js';
import type { SettingsStore } from '../app/settings-store.js';
import { statuslineCommandLine } from '../usage/statusline-command.js';
import type { UsageService } from '../usage/usage-service.js';
import type { ModelView, StatusView } from '../../shared/thalamus-api.js';
import { accountView, asAuthService } from './account-view.js';
import { chatRoute } from './chat.js';
import { AdminError, adminErrorHandler } from './errors.js';
import { LoginSession } from './login-session.js';
import type { TrafficCapture } from '../log/capture.js';
import { listRequests, reportZip } from '../log/observability.js';

export const ADMIN_API_PATH = '/admin/api';

export interface AdminOptions {
  engine: Engine;
  clientKey: string;
  /** The gateway's own URL; a function because it is known only once the server listens. */
  gatewayUrl: () => string;
  demo: boolean;
  /** The user's Cursor login (not the demo's token). When it is an AuthService, login works from the page. */
  account: TokenProvider;
  activity: Activity;
  usage: UsageService;
  settings: SettingsStore;
  claudeSettingsPath: string;
  codexConfigPath: string;
  modelMap: ModelMap;
  allowedHosts?: string[];
  allowedOrigins?: string[];
  log: Logger;
  /** The config dir (request log, captures) and the capture switch. */
  observability: { configDir: string; capture: TrafficCapture; env: NodeJS.ProcessEnv };
}

const NO_LOGIN_MODULE = 'Logging in from this page is not available here: run `thalamus login` in a terminal, then restart the gateway.';

export function adminRouter(options: AdminOptions): Router {
  const { engine, activity, settings, log } = options;
  const auth = asAuthService(options.account);
  const login = auth ? new LoginSession(auth) : undefined;
  const exporters = {
    'claude-settings': new ConfigFileExporter('Claude Code', options.claudeSettingsPath, async () => {
      const env = await claudeEnv();
      // `serve --ui` runs from the CLI package, whose bin can serve Claude Code's status bar.
      return (before) => mergeClaudeEnv(before, env, options.claudeSettingsPath, statuslineCommandLine());
    }),
    'codex-config': new ConfigFileExporter('Codex', options.codexConfigPath, () => (before) => mergeCodexConfig(before, { baseUrl: options.gatewayUrl() }, options.codexConfigPath)),
  };

  const requireAuth = (): { auth: AuthService; login: LoginSession } => {
    if (!auth || !login) throw new AdminError(501, NO_LOGIN_MODULE);
    return { auth, login };
  };
  const claudeEnv = async () => claudeCodeEnv(await settings.read(), options.gatewayUrl(), options.clientKey);

  const router = express.Router();
  router.use(originGuard({ allowedHosts: options.allowedHosts ?? [], allowedOrigins: options.allowedOrigins ?? [] }));
  router.use(clientKeyGuard(options.clientKey));
  router.use(jsonBody());
  router.use((_req, res, next) => {
    // Answers carry the client key and account details: never cache them.
    res.setHeader('cache-control', 'no-store');
    next();
  });

  router.get('/status', (_req, res) => {
    const { requestsToday, lastError, lastErrorAt } = activity.snapshot();
    const status: StatusView = {
      gateway: { state: 'running', url: options.gatewayUrl(), demo: options.demo },
      account: accountView(options.account),
      login: login?.view() ?? { state: 'idle' },
      requestsToday,
      lastError,
      lastErrorAt,
    };
    res.json(status);
  });

  router.post('/login', (_req, res) => void res.json(requireAuth().login.start()));
  router.post('/login/cancel', (_req, res) => {
    requireAuth().login.cancel();
    res.status(204).end();
  });
  router.post('/logout', async (_req, res) => {
    await requireAuth().auth.logout();
    res.status(204).end();
  });

  router.get('/models', async (_req, res) => {
    const models: ModelView[] = (await engine.listModels()).map(({ id, displayName }) => ({ id, displayName }));
    res.json(models);
  });

  router.get('/settings', async (_req, res) => void res.json(await settings.read()));
  router.patch('/settings', async (req, res) => void res.json(await settings.update(req.body)));

  // Only a caller that already presented the key gets here (clientKeyGuard above).
  router.get('/client-config', (_req, res) => void res.json({ baseUrl: options.gatewayUrl(), clientKey: options.clientKey }));

  router.get('/usage', async (req, res) => void res.json(await options.usage.view({ refresh: req.query.refresh === '1' })));

  router.get('/requests', async (req, res) => void res.json(await listRequests(options.observability.configDir, Number(req.query.limit) || undefined)));
  router.get('/capture', (_req, res) => void res.json({ enabled: options.observability.capture.enabled }));
  router.put('/capture', (req, res) => {
    const { enabled } = (req.body ?? {}) as { enabled?: unknown };
    if (typeof enabled !== 'boolean') throw new AdminError(400, 'enabled must be true or false');
    options.observability.capture.setEnabled(enabled);
    res.json({ enabled });
  });
  router.get('/report', async (_req, res) => {
    const { configDir, env } = options.observability;
    const { fileName, data } = await reportZip({ configDir, env, secrets: [options.clientKey] });
    res.setHeader('content-type', 'application/zip');
    res.setHeader('content-disposition', `attachment; filename="${fileName}"`);
    res.end(Buffer.from(data));
  });
  router.post('/chat', chatRoute({ engine, modelMap: options.modelMap }));

  // Client config files: /claude-settings/… and /codex-config/… (preview, apply, undo).
  for (const [name, exporter] of Object.entries(exporters)) {
    router.get(`/${name}/preview`, async (_req, res) => void res.json(await exporter.preview()));
    router.post(`/${name}/apply`, async (_req, res) => {
      const applied = await exporter.apply();
      log.info('client config merged', { file: name, path: applied.path, backup: applied.backupPath ?? null });
      res.json(applied);
    });
    router.post(`/${name}/undo`, async (_req, res) => {
      await exporter.undo();
      res.status(204).end();
    });
  }

  router.use((req, _res, next) => next(new AdminError(404, `no admin route for ${req.method} ${req.path}`)));
  router.use(adminErrorHandler(log));
  return router;
}
