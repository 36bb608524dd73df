// `npm run bench`: what the gateway costs over the physical floor. Runs each measurement,
// prints one table (value, target, met/missed) and writes bench/results/<date>.json.
//   tsx bench/run.ts [--only ttfb,relay,...] [--quick] [--profile]
// --profile writes a V8 CPU profile of every gateway process to <tmpdir>/thalamus-bench-profiles
// (open it in Chrome DevTools or speedscope).
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMachine, renderTable, writeResults, type Measurement, type MeasurementResult } from './lib/report.js';
import { coldStart } from './cold-start.js';
import { memory } from './memory.js';
import { relay } from './relay.js';
import { translation } from './translation.js';
import { toolBytes } from './tool-bytes.js';
import { ttfb } from './ttfb.js';

const MEASUREMENTS: Measurement[] = [ttfb, relay, memory, translation, toolBytes, coldStart];

const { values } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean' }, profile: { type: 'boolean' } }, strict: true });
const only = values.only?.split(',').map((id) => id.trim());
const unknown = only?.filter((id) => !MEASUREMENTS.some((m) => m.id === id)) ?? [];
if (unknown.length) throw new Error(`unknown measurement(s) ${unknown.join(', ')}; known: ${MEASUREMENTS.map((m) => m.id).join(', ')}`);

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const machine = describeMachine(loadavg()[0]!);
const options = {
  quick: values.quick ?? false,
  repoRoot,
  profileDir: values.profile ? join(tmpdir(), 'thalamus-bench-profiles') : undefined,
};
const results: Array<{ measurement: Measurement; result: MeasurementResult }> = [];
for (const measurement of MEASUREMENTS.filter((m) => !only || only.includes(m.id))) {
  process.stderr.write(`bench: ${measurement.title}…\n`);
  const started = Date.now();
  results.push({ measurement, result: await measurement.run(options) });
  process.stderr.write(`bench: ${measurement.title} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

process.stdout.write(renderTable(machine, results) + '\n');
const file = await writeResults(repoRoot, machine, results);
process.stdout.write(`\nresults: ${file}${options.quick ? ' (--quick: not comparable)' : ''}\n`);
if (options.profileDir) process.stdout.write(`gateway CPU profiles: ${options.profileDir}\n`);
