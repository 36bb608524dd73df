// `serve --ui`: the admin API and the built renderer in front of the gateway's API app.
import express from 'express';
import { defaultClaudeSettingsPath } from '../app/claude-settings.js';
import { defaultCodexConfigPath } from '../app/codex-config.js';
import { pathOf } from '../http/api-routes.js';
import { modelMapFromEnv } from '../model-resolution.js';
import type { RequestListener } from '../http/server.js';
import { SettingsStore } from '../app/settings-store.js';
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

/** The admin UI's paths go to its Express app; every other request to the API app. */
export function withAdminUi(api: RequestListener, options: AdminUiOptions): RequestListener {
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
  return (req, res) => {
    const path = pathOf(req.url);
    return isUnder(path, UI_PATH) || isUnder(path, ADMIN_API_PATH) ? app(req, res) : api(req, res);
  };
}

/** As Express mounts a path: the path itself or below it, in any case. */
function isUnder(path: string, mount: string): boolean {
  const lower = path.toLowerCase();
  return lower === mount || lower.startsWith(`${mount}/`);
}
