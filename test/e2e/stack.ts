// A fake Cursor server and a Thalamus gateway in front of it, announced in its own config dir,
// as the end-to-end tests' upstream. `envScript` is what `thalamus env` prints for it.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeCursor, type FakeCursor, type RunScript } from '../../src/fake-cursor/index.js';
import type { McpResult } from '../../src/gen/agent/v1/mcp_pb.js';
import { mcpResultText } from '../helpers/fake-run.js';
import { main as cli } from '../../src/proxy/app/cli.js';
import { EnvTokenProvider } from '../../src/proxy/cursor/env-token-provider.js';
import type { EngineOptions } from '../../src/proxy/engine.js';
import { startGateway, type RunningGateway } from '../../src/proxy/app/gateway.js';
import { silentLogger } from '../../src/proxy/log/logger.js';

export interface Stack {
  fake: FakeCursor;
  gateway: RunningGateway;
  configDir: string;
  /** `thalamus env` output for this gateway, as a bash script. */
  envScript: string;
  /** `thalamus env --client codex --model M` output: Codex's config.toml for this gateway. */
  codexConfig(model: string): Promise<string>;
  close(): Promise<void>;
}

const TEST_TOKEN = ['{"alg":"none"}', '{"sub":"e2e","exp":4102444800}'].map((p) => Buffer.from(p).toString('base64url')).join('.') + '.sig';

/** A fake Cursor running `script`, and a gateway in front of it announced in its own config dir. */
export async function startStack(script: RunScript, engineOptions: Partial<EngineOptions> = {}): Promise<Stack> {
  const fake = await startFakeCursor({ script });
  const configDir = await mkdtemp(join(tmpdir(), 'thalamus-e2e-config-'));
  const env = { THALAMUS_CURSOR_BASE_URL: fake.url, THALAMUS_CONFIG_DIR: configDir };
  const gateway = await startGateway({
    port: 0,
    env,
    logger: silentLogger,
    tokenProvider: new EnvTokenProvider({ THALAMUS_CURSOR_TOKEN: TEST_TOKEN }),
    engineOptions,
  });
  const envScript = await thalamusEnv(configDir, ['--shell', 'bash']);
  return {
    fake,
    gateway,
    configDir,
    envScript,
    codexConfig: (model) => thalamusEnv(configDir, ['--client', 'codex', '--model', model]),
    async close() {
      await gateway.close();
      await fake.close();
    },
  };
}

/** Runs `thalamus env <args>` exactly as a user would, against the given config dir. */
async function thalamusEnv(configDir: string, args: string[]): Promise<string> {
  const saved = process.env.THALAMUS_CONFIG_DIR;
  process.env.THALAMUS_CONFIG_DIR = configDir;
  let output = '';
  try {
    await cli(['env', ...args], (text) => (output += text));
  } finally {
    if (saved === undefined) delete process.env.THALAMUS_CONFIG_DIR;
    else process.env.THALAMUS_CONFIG_DIR = saved;
  }
  return output;
}

/** The text of a tool result as it reached the fake Cursor server. */
export const toolText = (result: McpResult): string => mcpResultText(result).text;
