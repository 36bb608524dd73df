// The one app window: created on Open, closed to the tray. Its security settings and
// navigation rules are window-policy.ts; its pages come from renderer-protocol.ts.
import { BrowserWindow, shell } from 'electron';
import { RENDERER_ENTRY_URL } from './renderer-protocol.js';
import { mainWindowOptions, navigationDecision, windowOpenDecision } from './window-policy.js';

export class MainWindow {
  private window?: BrowserWindow;

  constructor(private readonly preloadPath: string) {}

  /** Shows the window, creating it the first time. */
  show(): void {
    if (this.window && !this.window.isDestroyed()) {
      if (this.window.isMinimized()) this.window.restore();
      this.window.show();
      this.window.focus();
      return;
    }
    const window = new BrowserWindow(mainWindowOptions(this.preloadPath));
    this.window = window;
    const { webContents } = window;
    webContents.setWindowOpenHandler(({ url }) => {
      if (windowOpenDecision(url) === 'open-external') void shell.openExternal(url);
      return { action: 'deny' };
    });
    webContents.on('will-navigate', (event, url) => {
      const decision = navigationDecision(url);
      if (decision === 'allow') return;
      event.preventDefault();
      if (decision === 'open-external') void shell.openExternal(url);
    });
    webContents.on('will-redirect', (event, url) => {
      if (navigationDecision(url) !== 'allow') event.preventDefault();
    });
    webContents.on('will-attach-webview', (event) => event.preventDefault());
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (this.window === window) this.window = undefined;
    });
    void window.loadURL(RENDERER_ENTRY_URL);
  }

  close(): void {
    this.window?.destroy();
  }
}
