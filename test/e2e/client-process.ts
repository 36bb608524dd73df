// One headless run of a client CLI for the end-to-end tests: `thalamus env`'s script sourced by
// bash, then the CLI exec'd with the given arguments and a minimal environment, in its own
// process group so a timeout kills it and whatever its tools started.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ClientProcessOptions {
  /** For the timeout message. */
  name: string;
  bin: string;
  args: string[];
  cwd: string;
  /** The test's throwaway HOME; the env script is written there. */
  home: string;
  /** What `thalamus env` printed, as bash. */
  envScript: string;
  /** Added to PATH, HOME and TERM. */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

export interface ClientProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
}

export async function runClientProcess(options: ClientProcessOptions): Promise<ClientProcessResult> {
  const envFile = join(options.home, 'thalamus.env');
  await writeFile(envFile, options.envScript);
  const started = Date.now();
  const child = spawn('bash', ['-c', 'source "$1"; shift; exec "$@"', 'bash', envFile, options.bin, ...options.args], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: options.home, TERM: 'dumb', ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process.kill(-child.pid!, 'SIGKILL');
  }, options.timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  if (timedOut) throw new Error(`${options.name} did not finish within ${options.timeoutMs} ms and was killed.\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  return { code, stdout, stderr, ms: Date.now() - started };
}
