// `thalamus statusline`: one short line for Claude Code's status bar — both Cursor pools, when
// they reset, the pool on course to run out before then (its pace, an estimate), and the model — from what the gateway already wrote (the shared meters file); it
// never asks Cursor, so it costs a process start and one small file read.
import type { PlanMeters } from '../../shared/usage.js';
import { fastestPool, paceOf } from './pace.js';

/** Meters older than this are shown with their age. */
const STALE_MS = 15 * 60_000;
const ANSI = { red: '\x1b[31m', yellow: '\x1b[33m', green: '\x1b[32m', dim: '\x1b[2m', reset: '\x1b[0m' };

export interface StatusLineInput {
  /** The shared meters; undefined when no gateway has written any. */
  meters?: PlanMeters;
  /** The model as the client names it (Claude Code's `model.display_name`). */
  clientModel?: string;
  /** The Cursor model that answered the last request, when known. */
  cursorModel?: string;
  now: Date;
  color: boolean;
}

export function statusLine(input: StatusLineInput): string {
  const paint = (color: keyof typeof ANSI, text: string) => (input.color ? `${ANSI[color]}${text}${ANSI.reset}` : text);
  const parts: string[] = [];
  const { meters } = input;
  if (!meters) {
    parts.push('Cursor usage unknown (no gateway has read it yet)');
  } else if (meters.state === 'unknown') {
    parts.push(`Cursor usage unknown: ${meters.reason ?? 'no answer'}`);
  } else {
    const pool = (label: string, percent: number | null, estimate = false) =>
      percent === null ? `${label} ?` : `${label} ${paint(percent >= 90 ? 'red' : percent >= 80 ? 'yellow' : 'green', `${Math.round(percent)}%${estimate ? '~' : ''}`)}`;
    if (meters.kind === 'pools') {
      parts.push(pool('API', meters.pools.api.percentUsed, meters.pools.api.estimate), pool('Auto', meters.pools.auto.percentUsed, meters.pools.auto.estimate));
    } else {
      parts.push(pool(meters.plan ?? 'Plan', meters.total.percentUsed, meters.total.estimate));
    }
    if (meters.billingCycleEnd) parts.push(`resets ${shortUntil(meters.billingCycleEnd, input.now)}`);
    const pace = meters.kind === 'pools' ? paceOf(meters, input.now) : null;
    const fastest = pace && fastestPool(pace);
    // Only a pool on course to run out before the reset earns the room; `~` marks the estimate, as on the meters.
    if (fastest && fastest.pace > 1) parts.push(paint('yellow', `${fastest.pool === 'api' ? 'API' : 'Auto'} pace ${fastest.pace.toFixed(1)}×~`));
    const age = input.now.getTime() - Date.parse(meters.fetchedAt);
    if (age > STALE_MS) parts.push(paint('dim', `as of ${shortAge(age)} ago`));
  }
  const model = modelText(input.clientModel, input.cursorModel);
  if (model) parts.push(model);
  return parts.join(' · ');
}

function modelText(client: string | undefined, cursor: string | undefined): string | undefined {
  if (client && cursor && client !== cursor) return `${client} → ${cursor}`;
  return cursor ?? client;
}

function shortUntil(iso: string, now: Date): string {
  const ms = Date.parse(iso) - now.getTime();
  if (!(ms > 0)) return 'now';
  return `in ${shortAge(ms)}`;
}

/** 5m, 3h, 12d. */
function shortAge(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${Math.max(1, minutes)}m`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.round(hours / 24)}d`;
}
