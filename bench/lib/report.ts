// What a measurement returns, and the one table (plus JSON file) the runner makes of them.
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Target {
  /** The value must be at most (`<=`) or at least (`>=`) `limit`. */
  op: '<=' | '>=';
  limit: number;
}

export interface Metric {
  name: string;
  value: number;
  unit: string;
  target?: Target;
  /** The numbers behind the value, shown beside it (e.g. gateway vs direct). */
  context?: string;
}

export interface MeasurementResult {
  metrics: Metric[];
  /** Everything measured, for the JSON file. */
  raw: Record<string, unknown>;
}

export interface Measurement {
  /** Short id, used by `--only`. */
  id: string;
  title: string;
  /** How the numbers are taken, one paragraph (goes into the JSON). */
  method: string;
  run(options: BenchOptions): Promise<MeasurementResult>;
}

export interface BenchOptions {
  /** Fewer iterations, for trying the harness out; numbers are not comparable. */
  quick: boolean;
  repoRoot: string;
  /** Set by --profile: gateway processes write V8 CPU profiles here. */
  profileDir?: string;
  /** Set by --gateway-flags: extra Node/V8 flags for gateway processes (e.g. --no-opt, as `serve` runs). */
  gatewayFlags: string[];
}

/**
 * Rounds of one measurement as one result: each metric's median over the rounds, shown with
 * the context of the round that gave it and the range. On a shared VM whole minutes run
 * faster or slower (Node's own start-up was seen anywhere from 80 to 150 ms), so one round can
 * land on either side of a target; the median of rounds spread over the run is what it stands at.
 */
export function combineRounds(rounds: MeasurementResult[]): MeasurementResult {
  if (rounds.length === 1) return rounds[0]!;
  const metrics = rounds[0]!.metrics.map((first, index) => {
    const values = rounds.map((round) => round.metrics[index]!.value);
    const sorted = [...values].sort((a, b) => a - b);
    const median = sorted[(sorted.length - 1) >> 1]!;
    const fromRound = rounds[values.indexOf(median)]!.metrics[index]!;
    const range = `${withUnit(sorted[0]!, first.unit)}–${withUnit(sorted.at(-1)!, first.unit)}`;
    return { ...fromRound, context: `median of ${rounds.length} rounds, range ${range}; ${fromRound.context ?? ''}`.replace(/; $/, '') };
  });
  return { metrics, raw: { rounds: rounds.map((round) => round.raw) } };
}

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started; >0.5 per core means a busy machine. */
  loadAverage: number;
}

export function describeMachine(loadAverage: number): Machine {
  const all = cpus();
  return {
    cpu: all[0]?.model.trim() ?? 'unknown',
    cores: all.length,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage,
  };
}

export function verdict(metric: Metric): 'met' | 'MISSED' | '' {
  if (!metric.target) return '';
  const { op, limit } = metric.target;
  return (op === '<=' ? metric.value <= limit : metric.value >= limit) ? 'met' : 'MISSED';
}

function formatNumber(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

function withUnit(value: number, unit: string): string {
  return unit === '×' ? `${formatNumber(value)}×` : `${formatNumber(value)} ${unit}`;
}

export function renderTable(machine: Machine, results: Array<{ measurement: Measurement; result: MeasurementResult }>): string {
  const header = ['metric', 'value', 'target', '', 'context'];
  const rows = results.flatMap(({ result }) =>
    result.metrics.map((metric) => [
      metric.name,
      withUnit(metric.value, metric.unit),
      metric.target ? `${metric.target.op} ${withUnit(metric.target.limit, metric.unit)}` : '',
      verdict(metric),
      metric.context ?? '',
    ]),
  );
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [
    `Thalamus gateway benchmark — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.platform}, load ${machine.loadAverage.toFixed(2)}`,
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
  ].join('\n');
}

/** Writes bench/results/<timestamp>.json and returns its path. */
export async function writeResults(
  repoRoot: string,
  machine: Machine,
  results: Array<{ measurement: Measurement; result: MeasurementResult }>,
): Promise<string> {
  const dir = join(repoRoot, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const json = {
    date: new Date().toISOString(),
    machine,
    measurements: results.map(({ measurement, result }) => ({
      id: measurement.id,
      title: measurement.title,
      method: measurement.method,
      metrics: result.metrics.map((metric) => ({ ...metric, verdict: verdict(metric) || undefined })),
      raw: result.raw,
    })),
  };
  await writeFile(file, JSON.stringify(json, null, 2) + '\n');
  return file;
}
