// Where Cursor's own apps keep their login, per OS (reference §6.5).
import { homedir } from 'node:os';
import path from 'node:path';

export interface PlatformEnv {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home?: string;
}

function joinerFor(platform: NodeJS.Platform): (...parts: string[]) => string {
  return platform === 'win32' ? path.win32.join : path.posix.join;
}

function homeOf({ env, home }: PlatformEnv): string {
  return home ?? env.HOME ?? env.USERPROFILE ?? homedir();
}

/** cursor-agent's auth.json candidates, most specific first. */
export function cursorAgentAuthFiles(where: PlatformEnv): string[] {
  const join = joinerFor(where.platform);
  const home = homeOf(where);
  if (where.platform === 'win32') return [join(where.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Cursor', 'auth.json')];
  if (where.platform === 'darwin') return [join(home, '.cursor', 'auth.json')];
  const candidates = [join(home, '.config', 'cursor', 'auth.json')];
  if (where.env.XDG_CONFIG_HOME) candidates.unshift(join(where.env.XDG_CONFIG_HOME, 'cursor', 'auth.json'));
  return [...new Set(candidates)];
}

/** The Cursor IDE's VS Code state database. */
export function cursorIdeStateDb(where: PlatformEnv): string {
  const join = joinerFor(where.platform);
  const home = homeOf(where);
  const tail = ['Cursor', 'User', 'globalStorage', 'state.vscdb'];
  if (where.platform === 'win32') return join(where.env.APPDATA ?? join(home, 'AppData', 'Roaming'), ...tail);
  if (where.platform === 'darwin') return join(home, 'Library', 'Application Support', ...tail);
  return join(home, '.config', ...tail);
}

/** cursor-agent's macOS keychain entries: account `cursor-user`, one service per secret. */
export const CURSOR_AGENT_KEYCHAIN = {
  account: 'cursor-user',
  services: { accessToken: 'cursor-access-token', refreshToken: 'cursor-refresh-token', apiKey: 'cursor-api-key' },
} as const;
