// What the tray shows, as plain data: the icon variant, the tooltip and the menu, computed
// from the gateway's state, the Cursor account and the last failure. tray.ts renders it.
import type { GatewayState } from '../shared/thalamus-api.js';

export type TrayIcon = 'running' | 'needs-login' | 'error' | 'stopped';
export const TRAY_ICONS: readonly TrayIcon[] = ['running', 'needs-login', 'error', 'stopped'];

export type TrayAction = 'open' | 'login' | 'logout' | 'copy-env' | 'start' | 'stop' | 'toggle-open-at-login' | 'quit';

export type TrayMenuItem =
  | { kind: 'status'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; action: TrayAction; label: string; enabled: boolean }
  | { kind: 'checkbox'; action: TrayAction; label: string; checked: boolean };

export interface TrayInput {
  gateway: { state: GatewayState; url?: string; demo: boolean; error?: string };
  account: { loggedIn: boolean; needsLogin: boolean; email?: string };
  /** The last failed turn, from the engine's status. */
  lastError?: { message: string; at: Date };
  openAtLogin: boolean;
  now: Date;
  /** The Cursor API pool's share, e.g. "API 84%" (usage-alerts.ts), when known. */
  usage?: string;
}

export interface TrayModel {
  icon: TrayIcon;
  tooltip: string;
  /** Text beside the icon (macOS menu bar, Linux indicators): the API pool's share, or ''. */
  title: string;
  menu: TrayMenuItem[];
}

/** A failed turn colours the icon this long; after that it is history, not a state. */
export const RECENT_ERROR_MS = 5 * 60_000;
/** Windows cuts tray tooltips at 127 characters. */
export const MAX_TOOLTIP_LENGTH = 127;

export function trayModel(input: TrayInput): TrayModel {
  const { icon, status } = iconAndStatus(input);
  const { gateway, account } = input;
  const gatewayUp = gateway.state === 'running' || gateway.state === 'starting';
  const menu: TrayMenuItem[] = [
    { kind: 'status', label: status },
    { kind: 'separator' },
    { kind: 'action', action: 'open', label: 'Open Thalamus', enabled: true },
    account.loggedIn && !account.needsLogin
      ? { kind: 'action', action: 'logout', label: account.email ? `Log out ${account.email}` : 'Log out', enabled: true }
      : { kind: 'action', action: 'login', label: 'Log in to Cursor…', enabled: true },
    { kind: 'action', action: 'copy-env', label: 'Copy Claude Code environment', enabled: gateway.state === 'running' },
    { kind: 'separator' },
    gatewayUp
      ? { kind: 'action', action: 'stop', label: 'Stop gateway', enabled: true }
      : { kind: 'action', action: 'start', label: 'Start gateway', enabled: true },
    { kind: 'checkbox', action: 'toggle-open-at-login', label: 'Open at login', checked: input.openAtLogin },
    { kind: 'separator' },
    { kind: 'action', action: 'quit', label: 'Quit Thalamus', enabled: true },
  ];
  const usage = input.usage ? ` · ${input.usage}` : '';
  return { icon, tooltip: truncate(`Thalamus — ${status}${usage}`, MAX_TOOLTIP_LENGTH), title: input.usage ?? '', menu };
}

function iconAndStatus({ gateway, account, lastError, now }: TrayInput): { icon: TrayIcon; status: string } {
  if (gateway.state === 'error') return { icon: 'error', status: `gateway failed: ${gateway.error ?? 'unknown error'}` };
  if (gateway.state === 'stopped') return { icon: 'stopped', status: 'gateway stopped' };
  if (account.needsLogin) return { icon: 'needs-login', status: 'log in to Cursor again' };
  if (!account.loggedIn) return { icon: 'needs-login', status: `not logged in: demo backend${where(gateway)}` };
  if (gateway.state === 'starting') return { icon: 'running', status: 'starting…' };
  if (lastError && now.getTime() - lastError.at.getTime() < RECENT_ERROR_MS) return { icon: 'error', status: lastError.message };
  return { icon: 'running', status: `running${where(gateway)}${account.email ? ` · ${account.email}` : ''}` };
}

function where(gateway: TrayInput['gateway']): string {
  return gateway.url ? ` on ${new URL(gateway.url).host}` : '';
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
