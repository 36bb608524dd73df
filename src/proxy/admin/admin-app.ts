// `serve --ui`: the admin API and the built renderer in front of the gateway's API app.
import express, { type Express } from 'express';
import { defaultClaudeSettingsPath } from '../claude-settings.js';
import { defaultCodexConfigPath } from '../codex-config.js';
import { modelMapFromEnv } from '../models.js';
import { SettingsStore } from '../settings-store.js';
import { ADMIN_API_PATH, adminRouter, type AdminOptions } from './router.js';
import { DEFAULT_UI_DIR, UI_PATH, uiRoutes } from './ui-static.js';

export interface AdminUiOptions extends Omit<AdminOptions, 'settings' | 'claudeSettingsPath' | 'codexConfigPath' | 'modelMap'> {
  /** Where the settings file lives. */
  configDir: string;
  /** Picks the Claude Code settings file (CLAUDE_CONFIG_DIR, HOME) and the model map. */
  env: NodeJS.ProcessEnv;
  /** The built renderer; default dist/renderer. */
  uiDir?: string;
}

export function withAdminUi(api: Express, options: AdminUiOptions): Express {
  const { allowedHosts = [], allowedOrigins = [], log } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(UI_PATH, uiRoutes({ uiDir: options.uiDir ?? DEFAULT_UI_DIR, allowedHosts, allowedOrigins, log }));
  app.use(
    ADMIN_API_PATH,
    adminRouter({
      ...options,
      settings: new SettingsStore(options.configDir),
      claudeSettingsPath: defaultClaudeSettingsPath(options.env),
      codexConfigPath: defaultCodexConfigPath(options.env),
      modelMap: modelMapFromEnv(options.env),
    }),
  );
  app.use(api);
  return app;
}
