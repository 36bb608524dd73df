// Added time to first byte: the Claude Code fixture through the gateway vs. the same Run call
// made straight to the fake Cursor server.
import { DirectClient } from './lib/direct-client.js';
import { claudeCodeBody, encodeBody } from './lib/fixture.js';
import { GatewayClient } from './lib/gateway-client.js';
import { startHopProcess } from './lib/hop-process.js';
import type { Measurement } from './lib/report.js';
import { withRig } from './lib/rig.js';
import { percentile } from './lib/stats.js';

// 1,000: the p99 is then the tenth-slowest request of a round, not the fifth.
const ITERATIONS = 1000;
const WARMUP = 100;

export const ttfb: Measurement = {
  id: 'ttfb',
  title: 'Added time to first byte',
  method:
    'The fake (own process) answers every Run at once with one text delta and forgets the run after each round of the three paths. Gateway path: POST of the Claude Code fixture body ' +
    '(stream: true) over a keep-alive HTTP/1.1 connection to the gateway (own process), timed from writing the request to the ' +
    'first SSE byte, and to the chunk holding the first text_delta (first text). Direct path: this process opens a Run stream on one reused HTTP/2 session to the fake with the same headers ' +
    'and the exact run-request frame the engine sent for that body (captured by the fake, re-encoded), timed to the first ' +
    'response byte and to decoding the first text delta. The two alternate request by request after a warm-up; added = gateway percentile − direct percentile ' +
    '(so a noisy direct tail can make the p99 difference smaller than the p50 one). The floor: the same client POSTs the ' +
    'same body to a Node HTTP server (own process) that reads it and answers at once, interleaved with the others; a ' +
    'gateway that cost nothing would add that hop and no more. Gateway CPU per request: its ' +
    'process.cpuUsage() over the measured requests / their number.',
  async run(options) {
    const { quick, repoRoot } = options;
    const iterations = quick ? 50 : ITERATIONS;
    const warmup = quick ? 10 : WARMUP;
    const fixture = claudeCodeBody(repoRoot);
    const body = encodeBody({ ...fixture, stream: true });
    return withRig(options, {}, async ({ fake, gateway, client }) => {
      await fake.call('setScenario', { kind: 'reply', text: 'Hi' });
      const first = await client.messages(body, { keepBody: true });
      if (first.status !== 200 || !first.body.toString().includes('message_stop')) {
        throw new Error(`gateway answered ${first.status}: ${first.body.toString().slice(0, 300)}`);
      }
      const frame = Buffer.from(await fake.call('lastRunRequestFrame'), 'base64');
      const direct = new DirectClient(fake.ready.url);
      const hop = await startHopProcess();
      const hopClient = new GatewayClient(hop.ready.url);
      const gatewayMs: number[] = [];
      const directMs: number[] = [];
      const gatewayTextMs: number[] = [];
      const directTextMs: number[] = [];
      const hopMs: number[] = [];
      let cpuAtWarm = 0;
      let cpuAtEnd = 0;
      try {
        for (let i = 0; i < warmup + iterations; i++) {
          if (i === warmup) cpuAtWarm = await gateway.call('cpuMicros');
          const viaDirect = await direct.run(frame);
          const viaGateway = await client.messages(body);
          if (viaGateway.status !== 200) throw new Error(`gateway answered ${viaGateway.status}`);
          if (viaGateway.firstTextMs < 0 || viaDirect.firstTextMs < 0) throw new Error('a turn ended without a text delta');
          const viaHop = await hopClient.messages(body);
          if (i >= warmup) {
            directMs.push(viaDirect.firstByteMs);
            gatewayMs.push(viaGateway.firstByteMs);
            directTextMs.push(viaDirect.firstTextMs);
            gatewayTextMs.push(viaGateway.firstTextMs);
            hopMs.push(viaHop.firstByteMs);
          }
          // After every pair, outside the timings: the fake keeps each run it saw, decoded, and
          // a hundred kept Claude Code runs (~130 MB) made its own young GCs take 12-16 ms,
          // a tail that landed on either path at random (direct p99 10-13 ms -> 3-5 ms).
          await fake.call('clearRuns');
        }
        cpuAtEnd = await gateway.call('cpuMicros');
      } finally {
        await direct.close();
        hopClient.close();
        await hop.stop();
      }
      const p = (samples: number[], q: number) => percentile(samples, q);
      return {
        metrics: [
          {
            name: 'added TTFB p50 (Claude Code request)',
            value: p(gatewayMs, 50) - p(directMs, 50),
            unit: 'ms',
            target: { op: '<=', limit: 1 },
            context: `gateway ${p(gatewayMs, 50).toFixed(2)} ms, direct ${p(directMs, 50).toFixed(2)} ms`,
          },
          {
            name: 'added TTFB p99',
            value: p(gatewayMs, 99) - p(directMs, 99),
            unit: 'ms',
            target: { op: '<=', limit: 5 },
            context: `gateway ${p(gatewayMs, 99).toFixed(2)} ms, direct ${p(directMs, 99).toFixed(2)} ms; n=${iterations}`,
          },
          {
            name: 'added time to first text p99',
            value: p(gatewayTextMs, 99) - p(directTextMs, 99),
            unit: 'ms',
            target: { op: '<=', limit: 5 },
            context:
              `gateway ${p(gatewayTextMs, 99).toFixed(2)} ms, direct ${p(directTextMs, 99).toFixed(2)} ms; ` +
              `p50 added ${(p(gatewayTextMs, 50) - p(directTextMs, 50)).toFixed(2)} ms`,
          },
          {
            name: 'added TTFB p50 over the hop floor',
            value: p(gatewayMs, 50) - p(directMs, 50) - p(hopMs, 50),
            unit: 'ms',
            context: `the gateway's own share: one loopback HTTP/1.1 hop to a do-nothing server is ${p(hopMs, 50).toFixed(2)} ms p50`,
          },
          {
            name: 'gateway CPU per Claude Code request',
            value: (cpuAtEnd - cpuAtWarm) / 1000 / iterations,
            unit: 'ms',
            context: 'whole request, user + system, of the gateway process',
          },
        ],
        raw: {
          iterations,
          warmup,
          requestBodyBytes: body.length,
          runRequestFrameBytes: frame.length,
          gatewayCpuMsPerRequest: (cpuAtEnd - cpuAtWarm) / 1000 / iterations,
          gateway: summary(gatewayMs),
          direct: summary(directMs),
          gatewayFirstText: summary(gatewayTextMs),
          directFirstText: summary(directTextMs),
          hopFloor: summary(hopMs),
        },
      };
    });
  },
};

function summary(samples: number[]): Record<string, number> {
  return Object.fromEntries([50, 90, 99, 100].map((q) => [`p${q}`, percentile(samples, q)]));
}
