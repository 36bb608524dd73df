// Drives the real opencode CLI (an OpenAI-compatible agent client) headless and offline against a
// Thalamus gateway backed by the fake Cursor server (stack.ts), through `/v1/chat/completions`.
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runClientProcess } from './client-process.js';
import type { Stack } from './stack.js';

export const OPENCODE_VERSION = '1.18.33';

/** Where scripts/install-e2e-clients.mjs installs the pinned CLI (outside the repo, so it survives fresh clones). */
export const OPENCODE_BIN =
  process.env.THALAMUS_OPENCODE_BIN ?? join(homedir(), '.cache', 'thalamus-e2e', 'opencode', 'node_modules', '.bin', 'opencode');

/** The provider id the generated config declares; models are addressed as `thalamus/<model>`. */
const PROVIDER = 'thalamus';

/** A run that takes longer is killed: opencode retries unreachable APIs for over a minute. */
const DEFAULT_TIMEOUT_MS = 60_000;

export function opencodeInstalled(): boolean {
  return existsSync(OPENCODE_BIN);
}

/** One line of `opencode run --format json`: `step_start`, `text`, `tool_use`, `step_finish`, `error`. */
export interface OpencodeEvent {
  type: string;
  part?: {
    type: string;
    text?: string;
    tool?: string;
    reason?: string;
    state?: { status: string; input?: Record<string, unknown>; output?: string };
  };
  error?: unknown;
}

export interface OpencodeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  events: OpencodeEvent[];
  /** The text of the last `text` event: the model's final answer. */
  finalText: string | undefined;
  /** Tool parts, in the order opencode finished them. */
  tools: NonNullable<OpencodeEvent['part']>[];
}

export interface OpencodeRunOptions {
  cwd: string;
  prompt: string;
  /** A model id the gateway knows. opencode offers `apply_patch` instead of `write`/`edit` to `gpt-*` models. */
  model: string;
  timeoutMs?: number;
}

/**
 * One headless `opencode run`. Its environment is only what `thalamus env` printed, sourced by bash,
 * plus an empty HOME and the switches that keep it offline; the provider config reads the
 * gateway's URL and key from the OPENAI_* variables `thalamus env` exports, as a user's would.
 */
export async function runOpencode(stack: Stack, options: OpencodeRunOptions): Promise<OpencodeRun> {
  const home = await mkdtemp(join(tmpdir(), 'thalamus-e2e-home-'));
  const configFile = join(home, 'opencode.json');
  await writeFile(configFile, JSON.stringify(providerConfig(options.model), null, 2));
  const args = [
    'run',
    '--model',
    `${PROVIDER}/${options.model}`,
    '--format',
    'json',
    // A given title skips the title-generation request, so the task is the only chat completion.
    '--title',
    'thalamus-e2e',
    '--auto',
    options.prompt,
  ];
  const { code, stdout, stderr } = await runClientProcess({
    name: 'opencode',
    bin: OPENCODE_BIN,
    args,
    cwd: options.cwd,
    home,
    envScript: stack.envScript,
    env: {
      OPENCODE_CONFIG: configFile,
      OPENCODE_DISABLE_AUTOUPDATE: '1',
      // No models.dev catalogue download: the config declares the provider's models itself.
      OPENCODE_DISABLE_MODELS_FETCH: '1',
      OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
      // opencode installs @opencode-ai/plugin into its config dir with an embedded npm; offline, it skips that.
      npm_config_offline: 'true',
    },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  const events: OpencodeEvent[] = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
  const finalText = events.findLast((event) => event.type === 'text')?.part?.text;
  const tools = events.filter((event) => event.type === 'tool_use' && event.part).map((event) => event.part!);
  return { code, stdout, stderr, events, finalText, tools };
}

/** An OpenAI-compatible provider pointing at the gateway, declaring the one model the run uses. */
function providerConfig(model: string): Record<string, unknown> {
  return {
    autoupdate: false,
    share: 'disabled',
    provider: {
      [PROVIDER]: {
        npm: '@ai-sdk/openai-compatible',
        name: 'Thalamus',
        options: { baseURL: '{env:OPENAI_BASE_URL}', apiKey: '{env:OPENAI_API_KEY}' },
        models: { [model]: { name: model, tool_call: true } },
      },
    },
  };
}
