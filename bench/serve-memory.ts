// Resident memory of `thalamus serve` as a user runs it: the built CLI, idle and after 1,000 and
// 2,000 Claude Code requests, read from outside the process (no --expose-gc, no forced GC).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { claudeCodeBody, encodeBody } from './lib/fixture.js';
import { startFakeProcess } from './lib/fake-process.js';
import { GatewayClient } from './lib/gateway-client.js';
import { BENCH_CLIENT_KEY } from './lib/gateway-process.js';
import type { Measurement } from './lib/report.js';
import { rssOf, serveEnv, startServe } from './lib/serve-process.js';
import { MB, median } from './lib/stats.js';

const mib = (bytes: number) => (bytes / MB).toFixed(1);

const REQUESTS = 1_000;
/** How long the fresh process sits with no request before its idle RSS is read. */
const IDLE_MS = 2_000;
/** The fake keeps every run it saw; cleared this often. */
const CLEAR_RUNS_EVERY = 100;
/** RSS is sampled this often during the requests: a single reading swings ±8 MiB with GC timing. */
const SAMPLE_EVERY = 50;

export const serveMemory: Measurement = {
  id: 'serve-memory',
  title: 'thalamus serve memory',
  method:
    '`node bin/thalamus.js serve --port 0` (dist/ from npm run build; THALAMUS_CURSOR_TOKEN set, upstream = the fake in its own ' +
    `process, config dir in a temp dir). RSS = VmRSS from /proc/<pid>/status, read from outside. Idle: ${IDLE_MS / 1000} s after ` +
    `"listening on", no request yet. Then ${REQUESTS.toLocaleString('en-US')} Claude Code fixture requests one after another, ` +
    'alternating stream: true and stream: false (the fake answers each with one text delta), RSS read after them and 1 s of ' +
    `quiet; then ${REQUESTS.toLocaleString('en-US')} more the same way. RSS is also sampled every ${SAMPLE_EVERY} requests; ` +
    'flat = median of the samples over the second thousand minus the median over the first thousand\'s second half ' +
    '(single readings swing with where the last GC fell).',
  async run({ quick, repoRoot }) {
    const requests = quick ? 100 : REQUESTS;
    const fixture = claudeCodeBody(repoRoot);
    const bodies = [encodeBody({ ...fixture, stream: true }), encodeBody({ ...fixture, stream: false })];
    const fake = await startFakeProcess();
    const configDir = mkdtempSync(join(tmpdir(), 'thalamus-bench-rss-'));
    const env = serveEnv({
      THALAMUS_CONFIG_DIR: configDir,
      THALAMUS_CURSOR_BASE_URL: fake.ready.url,
      THALAMUS_CURSOR_TOKEN: 'bench-cursor-token',
      THALAMUS_API_KEY: BENCH_CLIENT_KEY,
      THALAMUS_CLIENT_VERSION: '2026.01.17-d239e66',
    });
    let serve: Awaited<ReturnType<typeof startServe>> | undefined;
    let client: GatewayClient | undefined;
    try {
      await fake.call('setScenario', { kind: 'reply', text: 'Hi' });
      serve = await startServe(repoRoot, [], env);
      client = new GatewayClient(serve.url);
      const pid = serve.child.pid!;
      await sleep(IDLE_MS);
      const idle = await rssOf(pid);
      const batch = async () => {
        const samples: number[] = [];
        for (let i = 1; i <= requests; i++) {
          const turn = await client!.messages(bodies[i % 2]!);
          if (turn.status !== 200) throw new Error(`gateway answered ${turn.status}`);
          if (i % CLEAR_RUNS_EVERY === 0) await fake.call('clearRuns');
          if (i % SAMPLE_EVERY === 0) samples.push(await rssOf(pid));
        }
        await sleep(1_000);
        return { samples, after: await rssOf(pid) };
      };
      const first = await batch();
      const second = await batch();
      const afterFirst = first.after;
      const afterSecond = second.after;
      const settled = median(first.samples.slice(first.samples.length / 2));
      const later = median(second.samples);
      const n = requests.toLocaleString('en-US');
      return {
        metrics: [
          { name: 'RSS of `thalamus serve`, idle', value: idle / MB, unit: 'MiB', target: { op: '<=', limit: 60 } },
          {
            name: `RSS after ${n} requests (half streaming)`,
            value: afterFirst / MB,
            unit: 'MiB',
            target: { op: '<=', limit: 80 },
            context: `+${((afterFirst - idle) / MB).toFixed(1)} MiB over idle`,
          },
          {
            name: `RSS growth over the next ${n} requests`,
            value: (later - settled) / MB,
            unit: 'MiB',
            target: { op: '<=', limit: 5 },
            context:
              `median ${(settled / MB).toFixed(1)} → ${(later / MB).toFixed(1)} MiB; ` +
              `samples ${mib(Math.min(...second.samples))}–${mib(Math.max(...second.samples))} MiB; ${mib(afterSecond)} MiB after ${(2 * requests).toLocaleString('en-US')}`,
          },
        ],
        raw: { requests, idleBytes: idle, afterFirstBytes: afterFirst, afterSecondBytes: afterSecond, samples: [...first.samples, ...second.samples] },
      };
    } finally {
      client?.close();
      await serve?.stop();
      await fake.stop();
      rmSync(configDir, { recursive: true, force: true });
    }
  },
};
