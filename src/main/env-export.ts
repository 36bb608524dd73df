// "Copy Claude Code environment": the client variables for the running gateway, in the
// shell the platform's terminal speaks.
import { clientEnvFor, renderEnv, type Shell } from '../proxy/app/client-env.js';
import type { Settings } from '../shared/thalamus-api.js';

export function shellFor(platform: NodeJS.Platform): Shell {
  return platform === 'win32' ? 'powershell' : 'bash';
}

export function environmentText(options: { platform: NodeJS.Platform; baseUrl: string; clientKey: string; settings: Settings }): string {
  return renderEnv(clientEnvFor(options.settings, options.baseUrl, options.clientKey), shellFor(options.platform));
}
