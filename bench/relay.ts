// Relay throughput: a 20,000-delta stream through the gateway (SSE to the client) vs. read
// straight off the fake's Run stream, and the gateway's CPU per relayed delta.
import { DirectClient } from './lib/direct-client.js';
import { encodeBody, smallBody } from './lib/fixture.js';
import type { Measurement } from './lib/report.js';
import { withRig } from './lib/rig.js';
import { MB, median } from './lib/stats.js';

const CHUNKS = 20_000;
/** 24 bytes: a few tokens, the size of a typical model text delta. */
const DELTA_TEXT = 'the quick brown fox, ok ';
const RUNS = 11;
/** Runs of each path before measuring: the first few run while V8 is still optimising the relay path (2-4× slower). */
const WARMUP_RUNS = 5;

interface RelaySample {
  chunksPerSecond: number;
  megabytesPerSecond: number;
  /** CPU µs per delta: the gateway's (gateway path) or this client's decoding (direct path). */
  cpuMicrosPerChunk: number;
}

export const relay: Measurement = {
  id: 'relay',
  title: 'Relay throughput',
  method:
    `The fake (own process) writes ${CHUNKS.toLocaleString('en-US')} text deltas of ${DELTA_TEXT.length} bytes as fast as it can. ` +
    'Gateway path: a small streaming request to the gateway (own process), the whole SSE body read by this process; throughput ' +
    'over first byte → end; CPU = the gateway process\'s process.cpuUsage() (user+system, read over IPC before and after the ' +
    'request) / deltas, so it includes the request\'s fixed cost (parse, run start). Direct path: this process reads the fake\'s ' +
    'Run stream over HTTP/2 and decodes every envelope and protobuf message. Median of ' +
    `${RUNS} alternating runs after ${WARMUP_RUNS} warm-up runs each; ratio = gateway deltas/s ÷ direct deltas/s (deltas that piled up behind the reader reach it merged, so the gateway's rate counts upstream deltas relayed).`,
  async run(options) {
    const { quick } = options;
    const chunks = quick ? 2_000 : CHUNKS;
    const runs = quick ? 2 : RUNS;
    const warmupRuns = quick ? 1 : WARMUP_RUNS;
    // max_tokens covers the whole answer, as a client asking for it would set (output past the cap is cut).
    const body = encodeBody(smallBody('stream please', Math.ceil((chunks * DELTA_TEXT.length) / 4)));
    return withRig(options, {}, async ({ fake, gateway, client }) => {
      await fake.call('setScenario', { kind: 'stream', chunks, text: DELTA_TEXT });
      const viaGateway = async (): Promise<RelaySample> => {
        const cpuBefore = await gateway.call('cpuMicros');
        const turn = await client.messages(body, { keepBody: true });
        const cpuAfter = await gateway.call('cpuMicros');
        // The gateway merges deltas that piled up behind a slower reader, so check the text, not the event count.
        const relayed = relayedTextLength(turn.body.toString());
        if (turn.status !== 200 || relayed !== chunks * DELTA_TEXT.length) {
          throw new Error(`gateway relayed ${relayed} of ${chunks * DELTA_TEXT.length} characters (HTTP ${turn.status})`);
        }
        const seconds = (turn.totalMs - turn.firstByteMs) / 1000;
        return { chunksPerSecond: chunks / seconds, megabytesPerSecond: turn.bytes / MB / seconds, cpuMicrosPerChunk: (cpuAfter - cpuBefore) / chunks };
      };
      for (let i = 0; i < warmupRuns; i++) await viaGateway();
      const frame = Buffer.from(await fake.call('lastRunRequestFrame'), 'base64');
      const direct = new DirectClient(fake.ready.url);
      const viaDirect = async (): Promise<RelaySample> => {
        const cpuBefore = process.cpuUsage();
        const run = await direct.run(frame);
        const cpu = process.cpuUsage(cpuBefore);
        if (run.textDeltas !== chunks) throw new Error(`direct read ${run.textDeltas} of ${chunks} deltas`);
        const seconds = (run.totalMs - run.firstByteMs) / 1000;
        return { chunksPerSecond: chunks / seconds, megabytesPerSecond: run.bytes / MB / seconds, cpuMicrosPerChunk: (cpu.user + cpu.system) / chunks };
      };
      const gatewaySamples: RelaySample[] = [];
      const directSamples: RelaySample[] = [];
      try {
        for (let i = 0; i < warmupRuns; i++) await viaDirect();
        for (let i = 0; i < runs; i++) {
          directSamples.push(await viaDirect());
          gatewaySamples.push(await viaGateway());
          await fake.call('clearRuns');
        }
      } finally {
        await direct.close();
      }
      const g = medians(gatewaySamples);
      const d = medians(directSamples);
      return {
        metrics: [
          {
            name: 'relay throughput vs direct',
            value: g.chunksPerSecond / d.chunksPerSecond,
            unit: '×',
            target: { op: '>=', limit: 0.8 },
            context:
              `gateway ${Math.round(g.chunksPerSecond).toLocaleString('en-US')} deltas/s (${g.megabytesPerSecond.toFixed(1)} MB/s SSE), ` +
              `direct ${Math.round(d.chunksPerSecond).toLocaleString('en-US')} deltas/s (${d.megabytesPerSecond.toFixed(1)} MB/s protobuf)`,
          },
          {
            name: 'gateway CPU per relayed delta',
            value: g.cpuMicrosPerChunk,
            unit: 'µs',
            target: { op: '<=', limit: 10 },
            context: `direct client decode: ${d.cpuMicrosPerChunk.toFixed(2)} µs per delta`,
          },
        ],
        raw: { chunks, deltaBytes: DELTA_TEXT.length, runs, gateway: gatewaySamples, direct: directSamples },
      };
    });
  },
};

function medians(samples: RelaySample[]): RelaySample {
  return {
    chunksPerSecond: median(samples.map((s) => s.chunksPerSecond)),
    megabytesPerSecond: median(samples.map((s) => s.megabytesPerSecond)),
    cpuMicrosPerChunk: median(samples.map((s) => s.cpuMicrosPerChunk)),
  };
}

/** Characters of text_delta text in an Anthropic SSE body. */
function relayedTextLength(sse: string): number {
  let length = 0;
  for (const line of sse.split('\n')) {
    if (!line.startsWith('data: ') || !line.includes('"text_delta"')) continue;
    length += (JSON.parse(line.slice(6)) as { delta: { text: string } }).delta.text.length;
  }
  return length;
}
