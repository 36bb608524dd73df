// Drives the real Claude Code CLI (headless, offline) against a Thalamus gateway backed by the
// fake Cursor server (stack.ts). Recipe: ../shared/reference/claude-code.md §2.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stack } from './stack.js';

export const CLAUDE_CODE_VERSION = '2.1.330';

/** Where scripts/install-e2e-clients.mjs installs the pinned CLI (outside the repo, so it survives fresh clones). */
export const CLAUDE_CODE_BIN =
  process.env.THALAMUS_CLAUDE_CODE_BIN ?? join(homedir(), '.cache', 'thalamus-e2e', 'claude-code', 'node_modules', '.bin', 'claude');

export function claudeCodeInstalled(): boolean {
  return existsSync(CLAUDE_CODE_BIN);
}

export interface ClaudeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The `result` object (json) or the last line of type `result` (stream-json). */
  result: Record<string, unknown>;
  /** Every JSON line, for stream-json runs. */
  events: Array<Record<string, unknown>>;
  /** The run's own HOME (where Claude Code keeps ~/.claude). */
  home: string;
}

export interface ClaudeRunOptions {
  cwd: string;
  prompt: string;
  streamJson?: boolean;
  extraArgs?: string[];
  extraEnv?: Record<string, string>;
}

/**
 * One headless `claude -p` run. Its environment is only what `thalamus env` printed, sourced by
 * bash, plus the test's isolation variables (empty HOME, PATH, TERM, sandbox flag for root).
 */
export async function runClaude(stack: Stack, options: ClaudeRunOptions): Promise<ClaudeRun> {
  const home = await mkdtemp(join(tmpdir(), 'thalamus-e2e-home-'));
  const envFile = join(home, 'thalamus.env');
  await writeFile(envFile, stack.envScript);
  const args = [
    '-p',
    options.prompt,
    '--dangerously-skip-permissions',
    '--output-format',
    options.streamJson ? 'stream-json' : 'json',
    ...(options.streamJson ? ['--verbose'] : []),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn('bash', ['-c', 'source "$1"; shift; exec "$@"', 'bash', envFile, CLAUDE_CODE_BIN, ...args], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      TERM: 'dumb',
      DISABLE_AUTOUPDATER: '1',
      // We run as root in CI; this is Claude Code's documented way to allow its tools there.
      IS_SANDBOX: '1',
      ...options.extraEnv,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const events = options.streamJson ? stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)) : [];
  const result = options.streamJson
    ? (events.findLast((event) => event.type === 'result') ?? {})
    : stdout.trim().startsWith('{')
      ? JSON.parse(stdout)
      : {};
  return { code, stdout, stderr, result, events, home };
}
