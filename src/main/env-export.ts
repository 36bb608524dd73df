// "Copy Claude Code environment": the client variables for the running gateway, in the
// shell the platform's terminal speaks.
import { clientEnv, renderEnv, type Shell } from '../proxy/client-env.js';
import type { Settings } from '../shared/thalamus-api.js';

export function shellFor(platform: NodeJS.Platform): Shell {
  return platform === 'win32' ? 'powershell' : 'bash';
}

export function environmentText(options: { platform: NodeJS.Platform; baseUrl: string; clientKey: string; settings: Settings }): string {
  const { settings } = options;
  const groups = clientEnv({ baseUrl: options.baseUrl, clientKey: options.clientKey, model: settings.defaultModel, smallFastModel: settings.smallFastModel });
  return renderEnv(groups, shellFor(options.platform));
}
