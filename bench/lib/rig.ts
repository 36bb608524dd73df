// The setup most measurements share: the fake Cursor server and the gateway, each in its own
// process, and the benchmark's client of the gateway in this one.
import { startFakeProcess, type FakeProcess } from './fake-process.js';
import { GatewayClient } from './gateway-client.js';
import type { BenchOptions } from './report.js';
import { startGatewayProcess, type GatewayChildConfig, type GatewayProcess } from './gateway-process.js';

export interface Rig {
  fake: FakeProcess;
  gateway: GatewayProcess;
  client: GatewayClient;
}

export async function withRig<T>(
  options: BenchOptions,
  config: Omit<GatewayChildConfig, 'upstream'>,
  use: (rig: Rig) => Promise<T>,
): Promise<T> {
  const fake = await startFakeProcess();
  let gateway: GatewayProcess | undefined;
  let client: GatewayClient | undefined;
  try {
    gateway = await startGatewayProcess({ ...config, upstream: fake.ready.url }, options.profileDir, options.gatewayFlags);
    client = new GatewayClient(gateway.ready.url);
    return await use({ fake, gateway, client });
  } finally {
    client?.close();
    await gateway?.stop();
    await fake.stop();
  }
}

/** Polls `condition` (over IPC, say) until it holds; throws after `timeoutMs`. */
export async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
