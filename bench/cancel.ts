// How soon Cursor hears of a client's abort: the client drops a streaming request, the gateway
// cancels the upstream run in-band (conversation_action.cancel_action), then resets the stream.
import { performance } from 'node:perf_hooks';
import { encodeBody, smallBody } from './lib/fixture.js';
import type { Measurement } from './lib/report.js';
import { waitUntil, withRig } from './lib/rig.js';
import { median, percentile } from './lib/stats.js';

const ABORTS = 40;
const QUICK_ABORTS = 5;
const WARM_UP = 5;

export const cancel: Measurement = {
  id: 'cancel',
  title: 'Client abort to cancel_action at Cursor',
  method:
    `The fake sends one text delta and holds each Run open; the client opens a streaming request, waits for its first body ` +
    `byte, then destroys the connection. Latency = the fake's clock when the cancel_action frame arrived minus the client's ` +
    `clock when it destroyed the request (both performance.timeOrigin + now(), in separate processes on one machine), over ` +
    `${ABORTS} aborts after ${WARM_UP} warm-up ones.`,
  async run(options) {
    const aborts = options.quick ? QUICK_ABORTS : ABORTS;
    return withRig(options, {}, async ({ fake, client }) => {
      await fake.call('setScenario', { kind: 'hold', text: 'Hi' });
      const body = encodeBody(smallBody('wait for me'));
      const samples: number[] = [];
      for (let i = 0; i < WARM_UP + aborts; i++) {
        await fake.call('clearRuns');
        const handle = await client.open(body);
        const abortedAt = performance.timeOrigin + performance.now();
        handle.close();
        let cancelledAt: number | undefined;
        await waitUntil(async () => (cancelledAt = (await fake.call('runs'))[0]?.cancelActionAt) !== undefined, 'cancel_action arrived');
        if (i >= WARM_UP) samples.push(cancelledAt! - abortedAt);
      }
      return {
        metrics: [
          {
            name: 'client abort → cancel_action at Cursor, median',
            value: median(samples),
            unit: 'ms',
            target: { op: '<=', limit: 100 },
            context: `p99 ${percentile(samples, 99).toFixed(1)} ms, max ${Math.max(...samples).toFixed(1)} ms, ${samples.length} aborts`,
          },
        ],
        raw: { samples },
      };
    });
  },
};
