// The app's settings as the main process uses them: loaded once, changed through one door,
// and every change reported with what it affects (a new port restarts the gateway, "open at
// login" goes to the OS).
//
// Storage: the same validated settings.json in the config dir that `thalamus serve --ui` uses
// (src/proxy/app/settings-store.ts), not electron-store: electron-store imports `electron` and so
// cannot load outside Electron (where tests and the headless UI run), and two stores would let
// the desktop app and the headless UI disagree about the port.
import type { Settings } from '../shared/thalamus-api.js';

/** The store: src/proxy/app/settings-store.ts in the app, an in-memory one in tests. */
export interface SettingsBackend {
  read(): Promise<Settings>;
  /** Validates the patch (rejects with a message for people) and saves it. */
  update(patch: unknown): Promise<Settings>;
}

export type SettingsEffect = 'restart-gateway' | 'apply-open-at-login';

/** What a change means for the running app. */
export function settingsEffects(before: Settings, after: Settings): SettingsEffect[] {
  const effects: SettingsEffect[] = [];
  if (before.port !== after.port) effects.push('restart-gateway');
  if (before.openAtLogin !== after.openAtLogin) effects.push('apply-open-at-login');
  return effects;
}

export type SettingsListener = (after: Settings, effects: SettingsEffect[]) => void;

export class MainSettings {
  private settings?: Settings;
  private readonly listeners = new Set<SettingsListener>();

  constructor(private readonly backend: SettingsBackend) {}

  async load(): Promise<Settings> {
    this.settings = await this.backend.read();
    return { ...this.settings };
  }

  /** The settings as last loaded or saved. */
  current(): Settings {
    if (!this.settings) throw new Error('settings used before load()');
    return { ...this.settings };
  }

  async update(patch: unknown): Promise<Settings> {
    const before = this.settings ?? (await this.backend.read());
    const after = await this.backend.update(patch);
    this.settings = after;
    const effects = settingsEffects(before, after);
    for (const listener of this.listeners) listener({ ...after }, effects);
    return { ...after };
  }

  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
