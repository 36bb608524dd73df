// The Electron main process. Wiring only: each piece is a plain module tested on its own
// (test/unit/main-*.test.ts, test/integration/engine-process.test.ts); here real Electron
// objects are plugged into them. Tray-only app: no window until Open.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, clipboard, ipcMain, Notification, protocol, safeStorage, session, shell } from 'electron';
import { LoginSession } from '../proxy/admin/login-session.js';
import { openAuthService } from '../proxy/auth/open-auth-service.js';
import { defaultClaudeSettingsPath } from '../proxy/app/claude-settings.js';
import { defaultCodexConfigPath } from '../proxy/app/codex-config.js';
import { loadOrCreateClientKey } from '../proxy/app/client-key.js';
import { DEFAULT_HOST, readEnvConfig } from '../proxy/app/config.js';
import { createLogger } from '../proxy/log/logger.js';
import { SettingsStore } from '../proxy/app/settings-store.js';
import { engineActionForAccount, wantsDemo } from './account-sync.js';
import { parseDeepLink, routeDeepLink } from './deep-link.js';
import { EngineClient } from './engine-client.js';
import { EngineSupervisor } from './engine-supervisor.js';
import { FallbackNotices } from './fallback-notice.js';
import { environmentText } from './env-export.js';
import { registerIpcHandlers } from './ipc-handlers.js';
import { applyOpenAtLogin, type LoginItemHost } from './login-item.js';
import { createMainApi } from './main-api.js';
import { APP_SCHEME, rendererResponse } from './renderer-protocol.js';
import { usableSafeStorage } from './safe-storage.js';
import { MainSettings } from './settings.js';
import { claimSingleInstance, LinkInbox } from './single-instance.js';
import { TrayView } from './tray.js';
import { trayUsageText, UsageAlerts } from './usage-alerts.js';
import { trayModel, type TrayAction, type TrayInput } from './tray-state.js';
import { forkUtilityEngine } from './utility-engine.js';
import { MainWindow } from './window.js';
import { navigationDecision } from './window-policy.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Bundled to CommonJS: a sandboxed preload cannot be an ES module. */
const PRELOAD = join(here, '../preload/index.cjs');
const ENGINE_ENTRY = join(here, 'engine-process.js');
const RENDERER_DIR = join(here, '../renderer');
const TRAY_ICONS = join(app.getAppPath(), 'build', 'tray');
/** How often the tray looks at the engine's last failure. */
const STATUS_POLL_MS = 30_000;

const logger = createLogger();
const links = new LinkInbox();
const window = new MainWindow(PRELOAD);

// Before `ready`: the renderer's scheme, the single-instance lock and the link handlers.
// No `corsEnabled`: it would let other origins read app:// responses; the page's own
// same-origin module scripts do not need it.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
const primary = claimSingleInstance(
  {
    requestSingleInstanceLock: () => app.requestSingleInstanceLock(),
    onSecondInstance: (listener) => void app.on('second-instance', (_event, argv) => listener(argv)),
    onOpenUrl: (listener) =>
      void app.on('open-url', (event, url) => {
        event.preventDefault();
        listener(url);
      }),
    setAsDefaultProtocolClient: (scheme, path, args) => app.setAsDefaultProtocolClient(scheme, path, args),
  },
  { argv: process.argv, defaultApp: process.defaultApp === true, execPath: process.execPath },
  { openLink: (url) => links.push(url), showWindow: () => void app.whenReady().then(() => window.show()) },
);

if (!primary) {
  app.quit();
} else {
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => {});
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      logger.error('Thalamus could not start', { message: (error as Error).message });
      app.exit(1);
    });
}

async function start(): Promise<void> {
  app.dock?.hide();
  // The page asks for nothing (camera, notifications, …): refuse everything.
  session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));

  const env = process.env;
  const config = readEnvConfig(env);
  const openExternal = (url: string) => void shell.openExternal(url);
  const auth = await openAuthService({ env, logger, safeStorage: usableSafeStorage(safeStorage, process.platform), openBrowser: openExternal });
  const settings = new MainSettings(new SettingsStore(config.configDir));
  await settings.load();
  const { key: clientKey } = await loadOrCreateClientKey(config.configDir, config.clientKey);

  const supervisor = new EngineSupervisor({
    fork: () => forkUtilityEngine(ENGINE_ENTRY, env),
    startPayload: async () => {
      const demo = wantsDemo(auth.account());
      const token = demo ? null : await auth.getAccessToken().catch(() => null);
      return { config: { host: DEFAULT_HOST, port: settings.current().port, demo, configDir: config.configDir }, token };
    },
    refreshToken: async () => ((await auth.refreshAfterUnauthenticated()) ? auth.getAccessToken() : null),
    onLog: (level, message) => logger[level](`engine: ${message}`),
  });
  const engine = new EngineClient(supervisor);
  const api = createMainApi({
    supervisor,
    engine,
    auth,
    login: new LoginSession(auth),
    openExternal,
    settings,
    clientKey,
    claudeSettingsPath: defaultClaudeSettingsPath(env),
    codexConfigPath: defaultCodexConfigPath(env),
    configDir: config.configDir,
    reportsDir: app.getPath('downloads'),
  });

  protocol.handle(APP_SCHEME, async (request) => {
    const answer = await rendererResponse(request.url, RENDERER_DIR, supervisor.snapshot().url);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  });
  registerIpcHandlers(ipcMain, api, (url) => navigationDecision(url) === 'allow');

  const loginItemHost: LoginItemHost = {
    platform: process.platform,
    setLoginItemSettings: (loginItem) => app.setLoginItemSettings(loginItem),
    autostartDir: join(env.XDG_CONFIG_HOME || join(app.getPath('home'), '.config'), 'autostart'),
    launchCommand: env.APPIMAGE || process.execPath,
  };

  let lastError: TrayInput['lastError'];
  let usageText: string | undefined;
  const usageAlerts = new UsageAlerts();
  const tray = new TrayView(TRAY_ICONS, (action) =>
    onTrayAction(action).catch((error: unknown) => logger.error('tray action failed', { action, message: (error as Error).message })),
  );
  const renderTray = () =>
    tray.render(trayModel({ gateway: supervisor.snapshot(), account: auth.account(), lastError, openAtLogin: settings.current().openAtLogin, now: new Date(), usage: usageText }));
  setInterval(async () => {
    const status = await engine.status();
    lastError = status?.lastError && status.lastErrorAt ? { message: status.lastError, at: new Date(status.lastErrorAt) } : undefined;
    // The engine answers from its cache; Cursor is asked at most as often as the meters need.
    const usage = supervisor.snapshot().state === 'running' ? await engine.usage(false).catch(() => undefined) : undefined;
    if (usage) {
      usageText = trayUsageText(usage.meters);
      for (const alert of usageAlerts.update(usage.meters)) new Notification({ title: alert.title, body: alert.body }).show();
    }
    renderTray();
  }, STATUS_POLL_MS);

  const syncEngineWithAccount = () => {
    switch (engineActionForAccount(supervisor.snapshot(), auth.account())) {
      case 'restart':
        return void supervisor.restart();
      case 'send-token':
        return void auth.getAccessToken().then(
          (accessToken) => supervisor.send({ type: 'token', accessToken }),
          () => {},
        );
    }
  };
  // The fallback chain answered with another model: say so (once per switch per quiet period).
  const fallbackNotices = new FallbackNotices();
  supervisor.onEngineMessage((message) => {
    if (message.type !== 'fallback') return;
    const text = fallbackNotices.next(message);
    if (text && Notification.isSupported()) new Notification(text).show();
  });
  supervisor.onChange((snapshot) => {
    renderTray();
    if (snapshot.state === 'running') syncEngineWithAccount();
  });
  auth.onChange(() => {
    renderTray();
    syncEngineWithAccount();
  });
  settings.onChange((after, effects) => {
    renderTray();
    if (effects.includes('restart-gateway')) void supervisor.restart();
    if (effects.includes('apply-open-at-login')) void applyOpenAtLogin(after.openAtLogin, loginItemHost);
  });

  async function onTrayAction(action: TrayAction): Promise<void> {
    switch (action) {
      case 'open':
        return window.show();
      case 'login':
        window.show();
        await api.startLogin();
        return;
      case 'logout':
        return auth.logout();
      case 'copy-env': {
        const { baseUrl } = await api.getClientConfig();
        return clipboard.writeText(environmentText({ platform: process.platform, baseUrl, clientKey, settings: settings.current() }));
      }
      case 'start':
        return supervisor.start();
      case 'stop':
        return supervisor.stop();
      case 'toggle-open-at-login':
        await settings.update({ openAtLogin: !settings.current().openAtLogin });
        return;
      case 'quit':
        return app.quit();
    }
  }

  links.ready((url) => {
    // A login started from a link shows its progress in the window, like one from the tray.
    if (parseDeepLink(url).type === 'start-login') void onTrayAction('login');
    else routeDeepLink(url, auth, logger);
  });

  // Quitting stops the engine first, so its port and gateway.json are released.
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void supervisor
      .stop()
      .then(() => auth.close())
      .finally(() => {
        tray.destroy();
        app.quit();
      });
  });

  await applyOpenAtLogin(settings.current().openAtLogin, loginItemHost);
  renderTray();
  supervisor.start();
}
