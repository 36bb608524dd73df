// `thalamus://` links, parsed and routed without Electron: the main process hands over the URL
// (macOS `open-url`, or the argv of a `second-instance` on Windows/Linux). Only two links do
// anything; every other one is logged and dropped, never executed.
import type { AuthService } from '../proxy/auth/auth-service.js';
import { isUuidV4 } from '../proxy/auth/pkce.js';
import type { Logger } from '../proxy/log/logger.js';

export const DEEP_LINK_SCHEME = 'thalamus';

export type DeepLinkAction =
  /** `thalamus://login`: start the browser login. */
  | { type: 'start-login' }
  /** `thalamus://login/callback?uuid=<v4 uuid>`: the browser finished, poll that login now. */
  | { type: 'login-callback'; uuid: string }
  | { type: 'ignored'; reason: string };

export function parseDeepLink(link: string): DeepLinkAction {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { type: 'ignored', reason: 'not a URL' };
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return { type: 'ignored', reason: `not a ${DEEP_LINK_SCHEME}:// link` };
  // `thalamus://login/callback` parses as host `login`, path `/callback`; a trailing slash is fine.
  const route = `${url.hostname}${url.pathname}`.toLowerCase().replace(/\/+$/, '');
  if (route === 'login') return { type: 'start-login' };
  if (route === 'login/callback') {
    const uuid = url.searchParams.get('uuid') ?? '';
    return isUuidV4(uuid) ? { type: 'login-callback', uuid: uuid.toLowerCase() } : { type: 'ignored', reason: 'the callback has no valid uuid' };
  }
  return { type: 'ignored', reason: 'unknown link' };
}

/** Acts on a link; returns what it did. */
export function routeDeepLink(link: string, auth: Pick<AuthService, 'startBrowserLogin' | 'pollNow'>, logger: Logger): DeepLinkAction {
  const action = parseDeepLink(link);
  switch (action.type) {
    case 'start-login':
      logger.info('deep link: starting the browser login');
      auth.startBrowserLogin();
      break;
    case 'login-callback':
      logger.info('deep link: login callback', { uuid: action.uuid });
      auth.pollNow(action.uuid);
      break;
    case 'ignored':
      // Scheme and route only: a link's query is the sender's to fill and is not logged.
      logger.warn('deep link ignored', { reason: action.reason, link: describeLink(link) });
      break;
  }
  return action;
}

/** The `thalamus://` link in a second instance's argv (Windows, Linux), if there is one. */
export function deepLinkFromArgv(argv: readonly string[]): string | undefined {
  const prefix = `${DEEP_LINK_SCHEME}://`;
  return argv.find((arg) => arg.toLowerCase().startsWith(prefix));
}

function describeLink(link: string): string {
  try {
    const url = new URL(link);
    return `${url.protocol}//${url.host}${url.pathname}`.slice(0, 200);
  } catch {
    return '(not a URL)';
  }
}
