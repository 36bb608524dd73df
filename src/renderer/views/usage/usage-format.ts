// What the Usage view shows, as plain functions: meter colours, countdowns, pace words.
import type { Pace } from '../../../shared/usage';

/** Green below 80 %, amber from 80 %, red from 90 % (the tray notifies at the same steps). */
export function meterTone(percent: number | null): 'ok' | 'warn' | 'danger' | 'unknown' {
  if (percent === null) return 'unknown';
  if (percent >= 90) return 'danger';
  if (percent >= 80) return 'warn';
  return 'ok';
}

/** "3 d 4 h", "5 h 10 min", "12 min", "now". */
export function countdown(iso: string, now: Date): string {
  const ms = Date.parse(iso) - now.getTime();
  if (!(ms > 0)) return 'now';
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes % 60} min`;
  return `${Math.max(1, minutes)} min`;
}

/** How a pool's pace reads to a person: on track, or running out before the reset. */
export function paceWords(pace: number): string {
  return pace <= 1 ? 'on track' : 'runs out before the reset at this rate';
}

/** The cycle gone and each pool's pace, labelled as the estimate it is. */
export function paceText(pace: Pace): string {
  const pools = (
    [
      ['API', pace.pools.api],
      ['Auto + Composer', pace.pools.auto],
    ] as const
  ).flatMap(([label, value]) => (value === null ? [] : [`${label} ${value.toFixed(2)}× (${paceWords(value)})`]));
  return `${pace.cycleElapsedPercent} % of the cycle gone.` + (pools.length ? ` Pace, an estimate: ${pools.join('; ')}.` : '');
}
