// Parent side of the gateway's process (gateway-child.ts).
import { fileURLToPath } from 'node:url';
import type { EngineStats } from '../../src/proxy/engine-api.js';
import { IpcChild } from './ipc.js';

export const BENCH_CLIENT_KEY = 'thl_bench_client_key_0123456789abcdef';
export const GATEWAY_CONFIG_ENV = 'THALAMUS_BENCH_GATEWAY';

export interface GatewayChildConfig {
  /** The fake Cursor server's URL. */
  upstream: string;
  /** Engine override: a tiny value makes every tool round trip a rebuilt run. */
  parkedRunTtlMs?: number;
}

export interface MemorySample {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export type GatewayApi = {
  /** process.cpuUsage() user + system, µs, since the process started. */
  cpuMicros(): number;
  /** process.memoryUsage() after a full GC. */
  memoryAfterGc(): MemorySample;
  engineStats(): EngineStats;
};

export interface GatewayReady {
  url: string;
}

export type GatewayProcess = IpcChild<GatewayApi, GatewayReady>;

/** `profileDir`: write a V8 CPU profile of the gateway process there when it exits; `flags`: more Node/V8 flags. */
export function startGatewayProcess(config: GatewayChildConfig, profileDir?: string, flags: string[] = []): Promise<GatewayProcess> {
  return IpcChild.start<GatewayApi, GatewayReady>(fileURLToPath(new URL('./gateway-child.ts', import.meta.url)), {
    nodeFlags: ['--expose-gc', ...flags, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    env: { ...process.env, [GATEWAY_CONFIG_ENV]: JSON.stringify(config) },
  });
}
