// The whole gateway (startGateway: engine, HTTP front ends, real logger) in its own process,
// pointed at the fake's process, so process.cpuUsage() and memoryUsage() here are the
// gateway's alone. Started by gateway-process.ts with --expose-gc.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway } from '../../src/proxy/app/gateway.js';
import { preferSmallHeap } from '../../src/proxy/util/small-heap.js';
import { BENCH_CLIENT_KEY, GATEWAY_CONFIG_ENV, type GatewayApi, type GatewayChildConfig, type GatewayReady } from './gateway-process.js';
import { serveIpc } from './ipc.js';

const config = JSON.parse(process.env[GATEWAY_CONFIG_ENV] ?? '{}') as GatewayChildConfig;
const gc = globalThis.gc;
if (!gc) throw new Error('the gateway process needs --expose-gc');
const configDir = mkdtempSync(join(tmpdir(), 'thalamus-bench-'));
process.on('exit', () => rmSync(configDir, { recursive: true, force: true }));

// As `thalamus serve` and the desktop engine do.
preferSmallHeap();
const gateway = await startGateway({
  host: '127.0.0.1',
  port: 0,
  demo: false,
  announce: false,
  env: {
    THALAMUS_CURSOR_BASE_URL: config.upstream,
    THALAMUS_CURSOR_TOKEN: 'bench-cursor-token',
    THALAMUS_API_KEY: BENCH_CLIENT_KEY,
    THALAMUS_CLIENT_VERSION: '2026.01.17-d239e66',
    THALAMUS_CONFIG_DIR: configDir,
  },
  engineOptions: config.parkedRunTtlMs === undefined ? {} : { parkedRunTtlMs: config.parkedRunTtlMs },
});

const api: GatewayApi = {
  cpuMicros: () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  },
  memoryAfterGc: () => {
    // Twice: the first pass can leave objects whose finalizers free more on the second.
    gc();
    gc();
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    return { rss, heapUsed, external, arrayBuffers };
  },
  engineStats: () => gateway.engine.stats(),
};

serveIpc(api, { url: gateway.url } satisfies GatewayReady);
