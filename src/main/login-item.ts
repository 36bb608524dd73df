// "Open at login": macOS and Windows through Electron's login items, Linux through an XDG
// autostart entry (Electron's setLoginItemSettings does nothing there).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface LoginItemHost {
  platform: NodeJS.Platform;
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  /** `$XDG_CONFIG_HOME/autostart` (Linux). */
  autostartDir: string;
  /** What starts the app: the AppImage when run from one, else the executable. */
  launchCommand: string;
}

export const AUTOSTART_FILE = 'thalamus.desktop';

export async function applyOpenAtLogin(enabled: boolean, host: LoginItemHost): Promise<void> {
  if (host.platform !== 'linux') return host.setLoginItemSettings({ openAtLogin: enabled });
  const path = join(host.autostartDir, AUTOSTART_FILE);
  if (!enabled) return rm(path, { force: true });
  await mkdir(host.autostartDir, { recursive: true });
  await writeFile(path, autostartEntry(host.launchCommand));
}

/** A desktop entry (freedesktop spec): the path quoted, with `"`, `` ` ``, `$` and `\` escaped. */
export function autostartEntry(command: string): string {
  const quoted = `"${command.replace(/["`$\\]/g, (char) => `\\${char}`)}"`;
  return ['[Desktop Entry]', 'Type=Application', 'Name=Thalamus', `Exec=${quoted}`, 'X-GNOME-Autostart-enabled=true', 'NoDisplay=true', ''].join('\n');
}
