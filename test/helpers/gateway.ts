// A whole gateway for integration tests: the fake Cursor server, the real engine on it, and
// createApp + startServer on a free loopback port. `close()` stops all three.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { TokenProvider } from '../../src/proxy/auth/token-provider.js';
import { createEngine, type EngineOptions } from '../../src/proxy/engine.js';
import type { Engine } from '../../src/proxy/engine-api.js';
import { silentLogger } from '../../src/proxy/log/logger.js';
import { DEFAULT_MODEL_MAP } from '../../src/proxy/model-resolution.js';
import { resilientEngine, type ResilienceOptions } from '../../src/proxy/resilience/resilient-engine.js';
import { createApp, startServer, type AppOptions } from '../../src/proxy/http/server.js';
import { startFakeCursor, type FakeCursor, type FakeCursorOptions } from '../../src/fake-cursor/index.js';

export const CLIENT_KEY = 'thl_test_client_key_0123456789';

export const testTokenProvider: TokenProvider = {
  getAccessToken: async () => 'cursor-test-token',
  refreshAfterUnauthenticated: async () => false,
  status: () => ({ loggedIn: true, expiresAt: new Date('2030-01-01T00:00:00Z') }),
};

export interface Gateway {
  fake: FakeCursor;
  engine: Engine;
  url: string;
  anthropic(options?: { apiKey?: string; authToken?: string }): Anthropic;
  openai(options?: { apiKey?: string }): OpenAI;
  close(): Promise<void>;
}

export interface GatewayOptions {
  fake?: FakeCursorOptions;
  engine?: Partial<EngineOptions>;
  app?: Partial<AppOptions>;
  /** Wrap the engine as gateway.ts does (first-byte deadline, retry, fallback). */
  resilience?: ResilienceOptions;
}

export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const fake = await startFakeCursor(options.fake ?? {});
  const cursorEngine = createEngine({ tokenProvider: testTokenProvider, baseUrl: fake.url, ca: fake.ca, ...options.engine });
  const engine = options.resilience ? resilientEngine(cursorEngine, options.resilience) : cursorEngine;
  const app = createApp({
    engine,
    clientKey: CLIENT_KEY,
    version: '0.0.0-test',
    upstreamBaseUrl: fake.url,
    tokenStatus: () => testTokenProvider.status(),
    // The built-in map, not THALAMUS_MODEL_MAP from the developer's environment.
    modelMap: { ...DEFAULT_MODEL_MAP },
    log: silentLogger,
    ...options.app,
  });
  const server = await startServer({ app, host: '127.0.0.1', port: 0 });
  return {
    fake,
    engine,
    url: server.url,
    anthropic: ({ apiKey = CLIENT_KEY, authToken } = {}) =>
      new Anthropic({ baseURL: server.url, apiKey: authToken ? null : apiKey, authToken: authToken ?? null, maxRetries: 0 }),
    openai: ({ apiKey = CLIENT_KEY } = {}) => new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0 }),
    close: async () => {
      await server.close();
      await engine.close();
      await fake.close();
    },
  };
}
