// Installs the pinned Claude Code CLI for the end-to-end tests into a cache outside the repo
// (~/.cache/thalamus-e2e), once. It is a 380 MB test tool, not a dependency of Thalamus.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const VERSION = '2.1.330';
const dir = join(homedir(), '.cache', 'thalamus-e2e', 'claude-code');
const bin = join(dir, 'node_modules', '.bin', 'claude');

function installedVersion() {
  if (!existsSync(bin)) return undefined;
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8' }).split(' ')[0];
  } catch {
    return undefined;
  }
}

if (process.env.THALAMUS_CLAUDE_CODE_BIN) process.exit(0);
if (installedVersion() !== VERSION) {
  console.error(`Installing @anthropic-ai/claude-code@${VERSION} into ${dir} (test tool, once)…`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'thalamus-e2e-claude-code', private: true }) + '\n');
  // The CLI declares engines.node >= 22 but is a native binary: it runs on any Node.
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--engine-strict=false', `@anthropic-ai/claude-code@${VERSION}`], {
    cwd: dir,
    stdio: 'inherit',
  });
  if (installedVersion() !== VERSION) throw new Error(`Claude Code ${VERSION} did not install at ${bin}`);
}
