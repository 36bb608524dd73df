// Drives the real Codex CLI (OpenAI's agent, Responses API only) headless and offline against a
// Thalamus gateway backed by the fake Cursor server (stack.ts), through `/v1/responses`.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runClientProcess } from './client-process.js';
import type { Stack } from './stack.js';

export const CODEX_VERSION = '0.171.0';

/** Where scripts/install-e2e-clients.mjs installs the pinned CLI (outside the repo). */
export const CODEX_BIN = process.env.THALAMUS_CODEX_BIN ?? join(homedir(), '.cache', 'thalamus-e2e', 'codex', 'node_modules', '.bin', 'codex');

/** A user's own config.toml, for runs with the Thalamus profile layered over it. */
const USER_CONFIG = 'approval_policy = "never"\nmodel = "o3"\n\n[tui]\nnotifications = false\n';

/** A run that takes longer is killed: Codex retries a failing provider with back-off for minutes. */
const DEFAULT_TIMEOUT_MS = 90_000;

export function codexInstalled(): boolean {
  return existsSync(CODEX_BIN);
}

/** One line of `codex exec --json`: thread.started, turn.started, item.started/completed, turn.completed, error, … */
export interface CodexEvent {
  type: string;
  item?: { id: string; type: string; text?: string; command?: string; aggregated_output?: string; exit_code?: number | null; status?: string };
  usage?: Record<string, number>;
  message?: string;
}

export interface CodexRun {
  code: number | null;
  stdout: string;
  stderr: string;
  events: CodexEvent[];
  /** The last agent message: the model's final answer. */
  finalText: string | undefined;
  /** Commands Codex ran, as it reports them. */
  commands: NonNullable<CodexEvent['item']>[];
  /** Wall time of the whole `codex exec`, from spawn to exit. */
  ms: number;
}

export interface CodexRunOptions {
  cwd: string;
  prompt: string;
  /** A model id the gateway knows. */
  model: string;
  /**
   * Install the printed block as the README says for a profile (`thalamus.config.toml`, run with
   * `-p thalamus`) over a user config.toml of other settings, instead of as config.toml itself.
   */
  asProfile?: boolean;
  timeoutMs?: number;
}

/**
 * One headless `codex exec --json`. Its config.toml (or profile) is what `thalamus env --client codex` printed;
 * its environment is what `thalamus env` printed (the key in THALAMUS_API_KEY), sourced by bash,
 * plus an empty HOME, and `--strict-config` so a field Codex does not know fails the run.
 */
export async function runCodex(stack: Stack, options: CodexRunOptions): Promise<CodexRun> {
  const home = await mkdtemp(join(tmpdir(), 'thalamus-e2e-home-'));
  const codexHome = join(home, '.codex');
  await mkdir(codexHome);
  const printed = await stack.codexConfig(options.model);
  if (options.asProfile) {
    await writeFile(join(codexHome, 'config.toml'), USER_CONFIG);
    await writeFile(join(codexHome, 'thalamus.config.toml'), printed);
  } else {
    await writeFile(join(codexHome, 'config.toml'), printed);
  }
  const { code, stdout, stderr, ms } = await runClientProcess({
    name: 'codex',
    bin: CODEX_BIN,
    args: ['exec', '--json', '--strict-config', ...(options.asProfile ? ['-p', 'thalamus'] : []), '--skip-git-repo-check', '--sandbox', 'workspace-write', options.prompt],
    cwd: options.cwd,
    home,
    envScript: stack.envScript,
    env: { CODEX_HOME: codexHome },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  const events: CodexEvent[] = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
  const completed = events.filter((event) => event.type === 'item.completed' && event.item).map((event) => event.item!);
  const finalText = completed.findLast((item) => item.type === 'agent_message')?.text;
  const commands = completed.filter((item) => item.type === 'command_execution');
  return { code, stdout, stderr, events, finalText, commands, ms };
}
