// Installs the pinned client CLIs the end-to-end tests drive — Claude Code (Anthropic side),
// opencode (OpenAI Chat Completions) and Codex (OpenAI Responses) — into a cache outside the
// repo (~/.cache/thalamus-e2e, one folder each), once each. They are test tools of a few hundred
// MB, not dependencies of Thalamus. Keep the versions in step with test/e2e/*-harness.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const CLIENTS = [
  // Declares engines.node >= 22 but is a native binary that runs on any Node.
  { name: 'claude-code', pkg: '@anthropic-ai/claude-code', version: '2.1.330', bin: 'claude', override: 'THALAMUS_CLAUDE_CODE_BIN' },
  { name: 'opencode', pkg: 'opencode-ai', version: '1.18.33', bin: 'opencode', override: 'THALAMUS_OPENCODE_BIN' },
  // Its native binary comes as the platform package (@openai/codex-linux-x64 is an npm alias of
  // @openai/codex@0.171.0-linux-x64), an optional dependency npm picks for this machine.
  { name: 'codex', pkg: '@openai/codex', version: '0.171.0', bin: 'codex', override: 'THALAMUS_CODEX_BIN' },
];

function installedVersion(bin) {
  if (!existsSync(bin)) return undefined;
  try {
    // "2.1.330 (Claude Code)" / "1.18.33" / "codex-cli 0.171.0"
    return /\d+\.\d+\.\d+\S*/.exec(execFileSync(bin, ['--version'], { encoding: 'utf8' }))?.[0];
  } catch {
    return undefined;
  }
}

for (const client of CLIENTS) {
  if (process.env[client.override]) continue;
  const dir = join(homedir(), '.cache', 'thalamus-e2e', client.name);
  const bin = join(dir, 'node_modules', '.bin', client.bin);
  if (installedVersion(bin) === client.version) continue;
  console.error(`Installing ${client.pkg}@${client.version} into ${dir} (test tool, once)…`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `thalamus-e2e-${client.name}`, private: true }) + '\n');
  // Their postinstall links the platform's native binary (an optional dependency) into bin/.
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--engine-strict=false', '--save-exact', `${client.pkg}@${client.version}`], {
    cwd: dir,
    stdio: 'inherit',
  });
  if (installedVersion(bin) !== client.version) throw new Error(`${client.pkg}@${client.version} did not install at ${bin}`);
}
