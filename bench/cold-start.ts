// Cold start: `node bin/thalamus.js serve --port 0` (the built CLI) to a healthy /health, logged
// in (THALAMUS_CURSOR_TOKEN) and with --demo, against Node's own start-up.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Measurement } from './lib/report.js';
import { serveEnv, startServe } from './lib/serve-process.js';
import { median } from './lib/stats.js';

const RUNS = 10;
const HEALTHY_TIMEOUT_MS = 30_000;
/** Never contacted before /health answers: start-up does not call Cursor. */
const UNUSED_UPSTREAM = 'http://127.0.0.1:9';

interface Start {
  /** ms from spawn to the "listening on" line. */
  listeningMs: number;
  /** ms from spawn to the first 200 from /health. */
  healthyMs: number;
}

export const coldStart: Measurement = {
  id: 'cold-start',
  title: 'Cold start',
  method:
    `\`node bin/thalamus.js serve --port 0\` (dist/ from npm run build) spawned ${RUNS} times after one untimed start that ` +
    'creates the client key, with THALAMUS_CONFIG_DIR in a temp dir, a Cursor token in THALAMUS_CURSOR_TOKEN (logged in; the ' +
    'upstream is not contacted before /health answers) and no other THALAMUS_* variable; timed from spawn to the ' +
    'first 200 from GET /health at the URL the "listening on" line prints; then SIGTERM and wait for exit. Median. The same ' +
    'with --demo and no token, interleaved (the demo backend starts in-process first). The floor, interleaved with those ' +
    'starts: `node -e 0` with the same environment, spawn to exit (Node\'s own start-up; on these machines ' +
    'NODE_EXTRA_CA_CERTS alone adds ~70 ms to it).',
  async run({ quick, repoRoot }) {
    const configDir = mkdtempSync(join(tmpdir(), 'thalamus-bench-cold-'));
    const demoEnv = serveEnv({ THALAMUS_CONFIG_DIR: configDir });
    const env = serveEnv({ THALAMUS_CONFIG_DIR: configDir, THALAMUS_CURSOR_TOKEN: 'bench-cursor-token', THALAMUS_CURSOR_BASE_URL: UNUSED_UPSTREAM });
    const starts: Start[] = [];
    const demoStarts: Start[] = [];
    const bareNodeMs: number[] = [];
    try {
      await startOnce(repoRoot, [], env);
      for (let i = 0; i < (quick ? 3 : RUNS); i++) {
        starts.push(await startOnce(repoRoot, [], env));
        demoStarts.push(await startOnce(repoRoot, ['--demo'], demoEnv));
        bareNodeMs.push(await bareNodeStart(env));
      }
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
    const healthy = median(starts.map((s) => s.healthyMs));
    const bare = median(bareNodeMs);
    const range = (runs: Start[]) =>
      `range ${Math.min(...runs.map((s) => s.healthyMs)).toFixed(0)}–${Math.max(...runs.map((s) => s.healthyMs)).toFixed(0)} ms`;
    return {
      metrics: [
        {
          name: 'cold start to healthy /health',
          value: healthy,
          unit: 'ms',
          context: `"listening on" at ${median(starts.map((s) => s.listeningMs)).toFixed(0)} ms; ${range(starts)}`,
        },
        {
          name: 'cold start over bare `node -e 0`',
          value: healthy - bare,
          unit: 'ms',
          target: { op: '<=', limit: 200 },
          context: `the gateway's own share; \`node -e 0\` takes ${bare.toFixed(0)} ms here`,
        },
        {
          name: 'cold start with --demo over bare `node -e 0`',
          value: median(demoStarts.map((s) => s.healthyMs)) - bare,
          unit: 'ms',
          context: `healthy at ${median(demoStarts.map((s) => s.healthyMs)).toFixed(0)} ms; ${range(demoStarts)}`,
        },
      ],
      raw: { runs: starts, demoRuns: demoStarts, bareNodeMs },
    };
  },
};

/** Spawn to exit of a Node process that does nothing. */
async function bareNodeStart(env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', '0'], { env, stdio: 'ignore' });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`node -e 0 exited with ${code}`))));
  });
  return performance.now() - started;
}

async function startOnce(repoRoot: string, args: string[], env: NodeJS.ProcessEnv): Promise<Start> {
  const serve = await startServe(repoRoot, args, env);
  try {
    for (;;) {
      const healthy = await fetch(new URL('/health', serve.url)).then((response) => response.ok, () => false);
      if (healthy) break;
      if (performance.now() - serve.spawnedAt > HEALTHY_TIMEOUT_MS) throw new Error(`/health not healthy within ${HEALTHY_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return { listeningMs: serve.listeningAt - serve.spawnedAt, healthyMs: performance.now() - serve.spawnedAt };
  } finally {
    await serve.stop();
  }
}
