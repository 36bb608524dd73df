// `npm run bench`: what the gateway costs over the physical floor. Runs each measurement,
// prints one table (value, target, met/missed) and writes bench/results/<date>.json.
//   tsx bench/run.ts [--only ttfb,relay,...] [--rounds N] [--quick] [--profile] [--gateway-flags '--no-opt ...']
// --rounds N runs every measurement N times, round after round, and reports each metric's
// median (default 3; one round takes about a minute).
// --profile writes a V8 CPU profile of every gateway process to <tmpdir>/thalamus-bench-profiles
// (open it in Chrome DevTools or speedscope).
// --gateway-flags passes V8/Node flags to every gateway process, e.g. '--no-opt' as `thalamus serve`
// sets it (bin/thalamus.js); without it the gateway runs with Node's defaults.
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { combineRounds, describeMachine, renderTable, writeResults, type Measurement, type MeasurementResult } from './lib/report.js';
import { cancel } from './cancel.js';
import { coldStart } from './cold-start.js';
import { memory } from './memory.js';
import { relay } from './relay.js';
import { serveMemory } from './serve-memory.js';
import { translation } from './translation.js';
import { toolBytes } from './tool-bytes.js';
import { longSession } from './long-session.js';
import { ttfb } from './ttfb.js';

const MEASUREMENTS: Measurement[] = [ttfb, relay, memory, serveMemory, translation, toolBytes, longSession, cancel, coldStart];

const DEFAULT_ROUNDS = 3;

const { values } = parseArgs({
  options: { only: { type: 'string' }, rounds: { type: 'string' }, quick: { type: 'boolean' }, profile: { type: 'boolean' }, 'gateway-flags': { type: 'string' } },
  strict: true,
});
const rounds = Number(values.rounds ?? (values.quick ? 1 : DEFAULT_ROUNDS));
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, not ${values.rounds}`);
const only = values.only?.split(',').map((id) => id.trim());
const unknown = only?.filter((id) => !MEASUREMENTS.some((m) => m.id === id)) ?? [];
if (unknown.length) throw new Error(`unknown measurement(s) ${unknown.join(', ')}; known: ${MEASUREMENTS.map((m) => m.id).join(', ')}`);

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const machine = describeMachine(loadavg()[0]!);
const options = {
  quick: values.quick ?? false,
  repoRoot,
  profileDir: values.profile ? join(tmpdir(), 'thalamus-bench-profiles') : undefined,
  gatewayFlags: values['gateway-flags']?.split(/\s+/).filter(Boolean) ?? [],
};
const selected = MEASUREMENTS.filter((m) => !only || only.includes(m.id));
const roundsOf = new Map<Measurement, MeasurementResult[]>(selected.map((m) => [m, []]));
for (let round = 1; round <= rounds; round++) {
  for (const measurement of selected) {
    process.stderr.write(`bench: round ${round}/${rounds}: ${measurement.title}…\n`);
    const started = Date.now();
    roundsOf.get(measurement)!.push(await measurement.run(options));
    process.stderr.write(`bench: round ${round}/${rounds}: ${measurement.title} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}
const results = selected.map((measurement) => ({ measurement, result: combineRounds(roundsOf.get(measurement)!) }));

process.stdout.write(renderTable(machine, results) + '\n');
const file = await writeResults(repoRoot, machine, results);
process.stdout.write(`\nresults: ${file}${options.quick ? ' (--quick: not comparable)' : ''}\n`);
if (options.gatewayFlags.length) process.stdout.write(`gateway processes ran with: ${options.gatewayFlags.join(' ')}\n`);
if (options.profileDir) process.stdout.write(`gateway CPU profiles: ${options.profileDir}\n`);
