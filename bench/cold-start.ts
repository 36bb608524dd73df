// Cold start: `node bin/thalamus.js serve --port 0 --demo` (the built CLI) to a healthy /health.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Measurement } from './lib/report.js';
import { median } from './lib/stats.js';

const RUNS = 10;
const LISTENING = /listening on (http:\/\/\S+)/;
const START_TIMEOUT_MS = 30_000;

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
    `\`node bin/thalamus.js serve --port 0 --demo\` (dist/ from npm run build) spawned ${RUNS} times after one untimed start that ` +
    'creates the client key, with THALAMUS_CONFIG_DIR in a temp dir and no other THALAMUS_* variable; timed from spawn to the ' +
    'first 200 from GET /health at the URL the "listening on" line prints (the demo backend starts in-process first); ' +
    'then SIGTERM and wait for exit. Median. The floor, interleaved with those starts: `node -e 0` with the same environment, ' +
    'spawn to exit (Node\'s own start-up; on these machines NODE_EXTRA_CA_CERTS alone adds ~70 ms to it).',
  async run({ quick, repoRoot }) {
    const configDir = mkdtempSync(join(tmpdir(), 'thalamus-bench-cold-'));
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('THALAMUS_')));
    env.THALAMUS_CONFIG_DIR = configDir;
    const starts: Start[] = [];
    const bareNodeMs: number[] = [];
    try {
      await startOnce(repoRoot, env);
      for (let i = 0; i < (quick ? 3 : RUNS); i++) {
        starts.push(await startOnce(repoRoot, env));
        bareNodeMs.push(await bareNodeStart(env));
      }
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
    const healthy = median(starts.map((s) => s.healthyMs));
    return {
      metrics: [
        {
          name: 'cold start to healthy /health',
          value: healthy,
          unit: 'ms',
          target: { op: '<=', limit: 300 },
          context: `"listening on" at ${median(starts.map((s) => s.listeningMs)).toFixed(0)} ms; range ${Math.min(...starts.map((s) => s.healthyMs)).toFixed(0)}–${Math.max(...starts.map((s) => s.healthyMs)).toFixed(0)} ms`,
        },
        {
          name: 'cold start over bare `node -e 0`',
          value: healthy - median(bareNodeMs),
          unit: 'ms',
          context: `the gateway's own share; \`node -e 0\` takes ${median(bareNodeMs).toFixed(0)} ms here`,
        },
      ],
      raw: { runs: starts, bareNodeMs },
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

async function startOnce(repoRoot: string, env: NodeJS.ProcessEnv): Promise<Start> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'thalamus.js'), 'serve', '--port', '0', '--demo'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error(`no "listening on" line within ${START_TIMEOUT_MS} ms\n${stderr}`)), START_TIMEOUT_MS);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = LISTENING.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`thalamus serve exited with ${code}\n${stderr}`)));
    });
    const listeningMs = performance.now() - started;
    for (;;) {
      const healthy = await fetch(new URL('/health', url)).then((response) => response.ok, () => false);
      if (healthy) break;
      if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`/health not healthy within ${START_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return { listeningMs, healthyMs: performance.now() - started };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}
