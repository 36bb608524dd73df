// Renders a TrayModel (tray-state.ts) into Electron's Tray and Menu. Thin on purpose.
import { join } from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { TrayAction, TrayIcon, TrayMenuItem, TrayModel } from './tray-state.js';

export class TrayView {
  private readonly tray: Tray;
  private readonly images = new Map<TrayIcon, NativeImage>();

  /** `iconDir` holds `<variant>.png` and `<variant>@2x.png` for each TrayIcon. */
  constructor(
    private readonly iconDir: string,
    private readonly onAction: (action: TrayAction) => void,
  ) {
    this.tray = new Tray(this.image('stopped'));
    // Windows opens apps from a left click; macOS and Linux show the menu.
    if (process.platform === 'win32') this.tray.on('click', () => onAction('open'));
  }

  render(model: TrayModel): void {
    this.tray.setImage(this.image(model.icon));
    this.tray.setToolTip(model.tooltip);
    // Windows trays have no title; macOS and Linux indicators show it beside the icon.
    if (process.platform !== 'win32') this.tray.setTitle(model.title);
    this.tray.setContextMenu(Menu.buildFromTemplate(model.menu.map((item) => this.menuItem(item))));
  }

  destroy(): void {
    this.tray.destroy();
  }

  private menuItem(item: TrayMenuItem): MenuItemConstructorOptions {
    switch (item.kind) {
      case 'status':
        return { label: item.label, enabled: false };
      case 'separator':
        return { type: 'separator' };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: () => this.onAction(item.action) };
      case 'checkbox':
        return { label: item.label, type: 'checkbox', checked: item.checked, click: () => this.onAction(item.action) };
    }
  }

  private image(icon: TrayIcon): NativeImage {
    let image = this.images.get(icon);
    if (!image) {
      // createFromPath picks up `<name>@2x.png` beside it for high-DPI screens.
      image = nativeImage.createFromPath(join(this.iconDir, `${icon}.png`));
      this.images.set(icon, image);
    }
    return image;
  }
}
