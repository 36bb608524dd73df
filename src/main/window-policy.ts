// The window's security settings and what it may navigate to, as plain data and functions;
// window.ts applies them to the real BrowserWindow.
import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_ORIGIN } from './renderer-protocol.js';

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 980,
    height: 720,
    minWidth: 640,
    minHeight: 480,
    title: 'Thalamus',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

export type NavigationDecision = 'allow' | 'open-external' | 'deny';

/** In-app pages stay; web links open in the user's browser; anything else is refused. */
export function navigationDecision(url: string): NavigationDecision {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'deny';
  }
  // Node's URL gives custom schemes the origin "null": compare scheme and host instead.
  if (`${parsed.protocol}//${parsed.host}` === APP_ORIGIN) return 'allow';
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? 'open-external' : 'deny';
}

/** window.open and target=_blank never make an in-app window. */
export function windowOpenDecision(url: string): Exclude<NavigationDecision, 'allow'> {
  return navigationDecision(url) === 'open-external' ? 'open-external' : 'deny';
}
