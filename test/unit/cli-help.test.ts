// `thalamus <command> --help` prints that command's help page and runs nothing, for every
// command in the table (a new command is covered by adding its entry); the overview lists them all.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COMMANDS, main } from '../../src/proxy/app/cli.js';

let configDir: string;
const savedEnv = { ...process.env };

before(async () => {
  // A command that ran anyway would leave traces here (client key, gateway record, account).
  configDir = await mkdtemp(join(tmpdir(), 'thalamus-cli-help-'));
  process.env.THALAMUS_CONFIG_DIR = configDir;
  process.env.THALAMUS_KEYCHAIN = 'off';
});
after(async () => {
  process.env = savedEnv;
  await rm(configDir, { recursive: true, force: true });
});

async function run(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(argv, (text) => (out += text));
  return { code, out };
}

describe('thalamus <command> --help', () => {
  for (const [name, command] of Object.entries(COMMANDS)) {
    it(`${name} --help prints the ${name} page and does not run it`, async () => {
      for (const flag of ['--help', '-h']) {
        const { code, out } = await run([name, flag]);
        assert.equal(code, 0);
        assert.ok(out.startsWith(`Usage: thalamus ${name}`), out);
        assert.ok(out.includes(command.summary) && out.includes(command.help.trim().split('\n')[0]!), out);
      }
      assert.deepEqual(await run(['help', name]), await run([name, '--help']));
      assert.deepEqual(await readdir(configDir), [], `${name} --help wrote nothing`);
    });
  }

  it('--help after other options still asks for help', async () => {
    const { code, out } = await run(['env', '--shell', 'fish', '--help']);
    assert.equal(code, 0);
    assert.match(out, /^Usage: thalamus env \[--shell bash\|fish\|powershell\|cmd\]/);
    assert.match(out, /--small-fast-model M/);
  });

  it('the overview lists every command with its summary', async () => {
    for (const argv of [[], ['--help'], ['help']]) {
      const { code, out } = await run(argv);
      assert.equal(code, 0);
      for (const [name, command] of Object.entries(COMMANDS)) assert.match(out, new RegExp(`^  ${name} +${escape(command.summary)}$`, 'm'));
    }
  });

  it("a wrong option is exit status 2 with that command's page on stderr", async () => {
    const stderr = captureStderr();
    try {
      assert.equal((await run(['env', '--colour'])).code, 2);
      assert.equal((await run(['status', 'extra'])).code, 2);
      assert.equal((await run(['frobnicate'])).code, 2);
    } finally {
      stderr.restore();
    }
    const [env, status, unknown] = stderr.writes;
    assert.match(env!, /^thalamus: Unknown option '--colour'[\s\S]*Usage: thalamus env /);
    assert.match(status!, /^thalamus: status takes no arguments, got 'extra'[\s\S]*Usage: thalamus status/);
    assert.match(unknown!, /^thalamus: unknown command 'frobnicate'[\s\S]*Commands:/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function captureStderr(): { writes: string[]; restore(): void } {
  const writes: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => (writes.push(String(chunk)), true)) as typeof process.stderr.write;
  return { writes, restore: () => void (process.stderr.write = original) };
}
