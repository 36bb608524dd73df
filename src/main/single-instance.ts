// One Thalamus per user: a second launch hands its `thalamus://` link (Windows, Linux: in
// argv) to the first and quits; macOS delivers links as `open-url`. Links that arrive before
// the app is ready wait in an inbox.
import { resolve } from 'node:path';
import { DEEP_LINK_SCHEME, deepLinkFromArgv } from './deep-link.js';

/** What this needs of Electron's `app`, adapted by index.ts. */
export interface InstanceHost {
  requestSingleInstanceLock(): boolean;
  onSecondInstance(listener: (argv: string[]) => void): void;
  /** macOS; the adapter calls preventDefault. Must be wired before `ready`. */
  onOpenUrl(listener: (url: string) => void): void;
  setAsDefaultProtocolClient(scheme: string, path?: string, args?: string[]): boolean;
}

export interface LaunchInfo {
  argv: string[];
  /** `process.defaultApp`: run as `electron <path>` in development. */
  defaultApp: boolean;
  execPath: string;
}

export interface InstanceTarget {
  openLink(url: string): void;
  /** A second launch without a link: bring the window up. */
  showWindow(): void;
}

/** False when another instance has the lock: this one should quit at once. */
export function claimSingleInstance(host: InstanceHost, launch: LaunchInfo, target: InstanceTarget): boolean {
  if (!host.requestSingleInstanceLock()) return false;
  if (launch.defaultApp && launch.argv[1]) {
    // In development the OS must start `electron <app path>`, not bare electron.
    host.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, launch.execPath, [resolve(launch.argv[1])]);
  } else {
    host.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }
  host.onSecondInstance((argv) => {
    const link = deepLinkFromArgv(argv);
    if (link) target.openLink(link);
    else target.showWindow();
  });
  host.onOpenUrl((url) => target.openLink(url));
  // Windows and Linux start the first instance with the link in argv too.
  const initial = deepLinkFromArgv(launch.argv);
  if (initial) target.openLink(initial);
  return true;
}

/** Holds links until the handler is ready, then hands over each one as it comes. */
export class LinkInbox {
  private pending: string[] = [];
  private handler?: (url: string) => void;

  push(url: string): void {
    if (this.handler) this.handler(url);
    else this.pending.push(url);
  }

  ready(handler: (url: string) => void): void {
    this.handler = handler;
    const pending = this.pending;
    this.pending = [];
    for (const url of pending) handler(url);
  }
}
