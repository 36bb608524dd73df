// Resident memory of the gateway process: per concurrently open stream, and across 1,000
// sequential requests (a leak shows as growth of the heap after GC).
import { claudeCodeBody, encodeBody } from './lib/fixture.js';
import type { MemorySample } from './lib/gateway-process.js';
import type { Measurement, Metric } from './lib/report.js';
import { waitUntil, withRig, type Rig } from './lib/rig.js';
import { MB } from './lib/stats.js';

const CONCURRENCY = [1, 10, 100];
const SEQUENTIAL = 1_000;
const SAMPLE_EVERY = 250;
const WARMUP = 100;

export const memory: Measurement = {
  id: 'memory',
  title: 'Gateway memory',
  method:
    'The gateway runs in its own process with --expose-gc; every sample is process.memoryUsage() after two global.gc() calls ' +
    `(over IPC). Sequential: after ${WARMUP} warm-up requests, ${SEQUENTIAL.toLocaleString('en-US')} Claude Code fixture requests ` +
    `one after another (the fake answers each with one delta), sampled every ${SAMPLE_EVERY}; growth = last − first sample. ` +
    'Open streams: the fake sends one delta and then holds each Run open; N fixture requests are opened at once and sampled ' +
    'when every one has its first byte and the engine reports N open runs; per stream = (sample − sample before opening) / N. ' +
    'Then the client drops them and the next N starts once the engine has no open run. The gateway runs src/ under tsx, so ' +
    'absolute RSS includes the tsx loader (~40 MB on Node 20); the per-stream and growth figures are differences.',
  async run(options) {
    const { quick, repoRoot } = options;
    const sequential = quick ? 100 : SEQUENTIAL;
    const sampleEvery = quick ? 50 : SAMPLE_EVERY;
    const body = encodeBody({ ...claudeCodeBody(repoRoot), stream: true });
    return withRig(options, {}, async (rig) => {
      const { fake, gateway, client } = rig;
      const fresh = await gateway.call('memoryAfterGc');
      await fake.call('setScenario', { kind: 'reply', text: 'Hi' });
      for (let i = 0; i < (quick ? 10 : WARMUP); i++) await client.messages(body);
      await fake.call('clearRuns');

      const samples: Array<{ requests: number } & MemorySample> = [{ requests: 0, ...(await gateway.call('memoryAfterGc')) }];
      for (let i = 1; i <= sequential; i++) {
        const turn = await client.messages(body);
        if (turn.status !== 200) throw new Error(`gateway answered ${turn.status}`);
        if (i % sampleEvery === 0) {
          await fake.call('clearRuns');
          samples.push({ requests: i, ...(await gateway.call('memoryAfterGc')) });
        }
      }
      const first = samples[0]!;
      const last = samples.at(-1)!;

      await fake.call('setScenario', { kind: 'hold', text: 'Hi' });
      const open: OpenSample[] = [];
      for (const streams of CONCURRENCY) open.push(await holdOpen(rig, body, streams));

      // RSS need not grow while the heap fills pages it already holds, so the larger of the two.
      const perStream = (sample: OpenSample) =>
        Math.max(sample.open.rss - sample.before.rss, sample.open.heapUsed + sample.open.external - sample.before.heapUsed - sample.before.external) /
        sample.streams;
      const largest = open.at(-1)!;
      const metrics: Metric[] = [
        ...open.map((sample) => ({
          name: `RSS with ${sample.streams} open stream${sample.streams === 1 ? '' : 's'}`,
          value: sample.open.rss / MB,
          unit: 'MB',
          context: `${signedMb(sample.open.rss - sample.before.rss)} RSS, ${signedMb(sample.open.heapUsed - sample.before.heapUsed)} heap over idle`,
        })),
        {
          name: `memory per open stream (${largest.streams} open)`,
          value: perStream(largest) / MB,
          unit: 'MB',
          target: { op: '<=', limit: 1 },
          context:
            'max(RSS, heap + external) growth / streams; ' +
            open.slice(0, -1).map((s) => `at ${s.streams}: ${(perStream(s) / MB).toFixed(2)} MB`).join(', ') +
            `; fresh gateway: RSS ${(fresh.rss / MB).toFixed(0)} MB, heap ${(fresh.heapUsed / MB).toFixed(0)} MB`,
        },
        {
          name: `heap growth over ${sequential.toLocaleString('en-US')} requests`,
          value: (last.heapUsed - first.heapUsed) / MB,
          unit: 'MB',
          target: { op: '<=', limit: 1 },
          context: `heap ${(first.heapUsed / MB).toFixed(1)} → ${(last.heapUsed / MB).toFixed(1)} MB, RSS ${(first.rss / MB).toFixed(1)} → ${(last.rss / MB).toFixed(1)} MB`,
        },
      ];
      return { metrics, raw: { fresh, sequential: samples, open } };
    });
  },
};

interface OpenSample {
  streams: number;
  before: MemorySample;
  open: MemorySample;
}

async function holdOpen({ gateway, client, fake }: Rig, body: Buffer, streams: number): Promise<OpenSample> {
  await fake.call('clearRuns');
  const before = await gateway.call('memoryAfterGc');
  const handles = await Promise.all(Array.from({ length: streams }, () => client.open(body)));
  await waitUntil(async () => (await gateway.call('engineStats')).openRuns === streams, `${streams} runs are open`);
  const open = await gateway.call('memoryAfterGc');
  for (const handle of handles) handle.close();
  await waitUntil(async () => (await gateway.call('engineStats')).openRuns === 0, 'every held run is closed');
  return { streams, before, open };
}

function signedMb(bytes: number): string {
  return `${bytes < 0 ? '−' : '+'}${(Math.abs(bytes) / MB).toFixed(2)} MB`;
}
