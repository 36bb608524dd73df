import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  applyClaudeSettings,
  defaultClaudeSettingsPath,
  mergeClaudeEnv,
  previewClaudeSettings,
} from '../../src/proxy/app/claude-settings.js';
import { ConfigFileError, ConfigFileExporter, undoConfigFile } from '../../src/proxy/app/config-file-merge.js';

const ENV = { ANTHROPIC_BASE_URL: 'http://127.0.0.1:3013', ANTHROPIC_AUTH_TOKEN: 'thl_key' };
const SEEDED = JSON.stringify({ model: 'opus', env: { FOO: 'bar', ANTHROPIC_BASE_URL: 'http://old' }, permissions: { allow: ['Bash(ls)'] } }, null, 4);

describe('claude settings merge', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'thalamus-claude-settings-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const fresh = async (name: string) => {
    const folder = join(dir, name);
    await mkdir(folder);
    return join(folder, 'settings.json');
  };

  it('keeps every other key and env entry, in order, and pretty-prints', () => {
    const { text: after, notes } = mergeClaudeEnv(SEEDED, ENV);
    assert.deepEqual(notes, []);
    assert.equal(
      after,
      '{\n  "model": "opus",\n  "env": {\n    "FOO": "bar",\n    "ANTHROPIC_BASE_URL": "http://127.0.0.1:3013",\n    "ANTHROPIC_AUTH_TOKEN": "thl_key"\n  },\n' +
        '  "permissions": {\n    "allow": [\n      "Bash(ls)"\n    ]\n  }\n}\n',
    );
  });

  it('starts a new file from nothing (missing or blank)', () => {
    const expected = '{\n  "env": {\n    "ANTHROPIC_BASE_URL": "http://127.0.0.1:3013",\n    "ANTHROPIC_AUTH_TOKEN": "thl_key"\n  }\n}\n';
    assert.equal(mergeClaudeEnv(undefined, ENV).text, expected);
    assert.equal(mergeClaudeEnv('  \n', ENV).text, expected);
  });

  it('offers the statusline where there is none; a statusLine the user has is kept', () => {
    const command = '"/usr/bin/node" "/opt/thalamus/bin/thalamus.js" statusline';
    assert.deepEqual(JSON.parse(mergeClaudeEnv(SEEDED, ENV, 'settings.json', command).text).statusLine, { type: 'command', command, padding: 0 });
    const theirs = JSON.stringify({ statusLine: { type: 'command', command: '~/.claude/my-line.sh' } });
    assert.deepEqual(JSON.parse(mergeClaudeEnv(theirs, ENV, 'settings.json', command).text).statusLine, { type: 'command', command: '~/.claude/my-line.sh' });
  });

  it('removes the provider switches that would send Claude Code elsewhere, and says so in the preview and the result', async () => {
    const seeded = JSON.stringify({ env: { CLAUDE_CODE_USE_BEDROCK: '1', FOO: 'bar', CLAUDE_CODE_USE_VERTEX: 'true', CLAUDE_CODE_USE_FOUNDRY: '1' } });
    const { text, notes } = mergeClaudeEnv(seeded, ENV);
    assert.deepEqual(JSON.parse(text).env, { FOO: 'bar', ...ENV });
    assert.equal(notes.length, 3);
    assert.match(notes[0], /^Removed CLAUDE_CODE_USE_BEDROCK \(was "1"\) .*Amazon Bedrock/);
    assert.match(notes[1], /CLAUDE_CODE_USE_VERTEX .*Google Vertex AI/);
    assert.match(notes[2], /CLAUDE_CODE_USE_FOUNDRY .*Microsoft Foundry/);

    const path = await fresh('switches');
    await writeFile(path, seeded);
    assert.deepEqual((await previewClaudeSettings(ENV, path)).notes, notes);
    const exporter = new ConfigFileExporter('Claude Code', path, () => (before) => mergeClaudeEnv(before, ENV, path));
    const applied = await exporter.apply();
    assert.deepEqual(applied.notes, notes);
    assert.equal(JSON.parse(await readFile(path, 'utf8')).env.CLAUDE_CODE_USE_BEDROCK, undefined);
    // Nothing left to remove: no notes at all.
    assert.equal((await exporter.preview()).notes, undefined);
  });

  it('refuses malformed JSON, a non-object, and a non-object env', () => {
    assert.throws(() => mergeClaudeEnv('{"model": ', ENV, '/x/settings.json'), (error: Error) => error instanceof ConfigFileError && /\/x\/settings\.json is not valid JSON/.test(error.message));
    assert.throws(() => mergeClaudeEnv('[1]', ENV), ConfigFileError);
    assert.throws(() => mergeClaudeEnv('{"env": "x"}', ENV), /"env" entry/);
  });

  it('the default path follows CLAUDE_CONFIG_DIR, else HOME', () => {
    assert.equal(defaultClaudeSettingsPath({ CLAUDE_CONFIG_DIR: '/c' }), join('/c', 'settings.json'));
    assert.equal(defaultClaudeSettingsPath({ HOME: '/h' }), join('/h', '.claude', 'settings.json'));
  });

  it('preview shows the file before and after without writing', async () => {
    const path = await fresh('preview');
    await writeFile(path, SEEDED);
    const preview = await previewClaudeSettings(ENV, path);
    assert.deepEqual(preview, { path, before: SEEDED, after: mergeClaudeEnv(SEEDED, ENV).text });
    assert.equal(await readFile(path, 'utf8'), SEEDED);
  });

  it('apply backs the old file up, writes the merge 0600; undo restores the old bytes and drops the backup', async () => {
    const path = await fresh('apply');
    await writeFile(path, SEEDED);
    const change = await applyClaudeSettings(ENV, path, () => new Date('2026-01-02T03:04:05.678Z'));
    assert.equal(change.backupPath, `${path}.2026-01-02T03-04-05-678Z.bak`);
    assert.equal(await readFile(change.backupPath!, 'utf8'), SEEDED);
    assert.equal(await readFile(path, 'utf8'), mergeClaudeEnv(SEEDED, ENV).text);
    assert.equal((await stat(path)).mode & 0o777, 0o600);

    await undoConfigFile(change);
    assert.equal(await readFile(path, 'utf8'), SEEDED);
    assert.deepEqual(await readdir(join(dir, 'apply')), ['settings.json']);
  });

  it('apply creates the folder and file when missing; undo deletes the file it created', async () => {
    const path = join(dir, 'missing', 'deeper', 'settings.json');
    const change = await applyClaudeSettings(ENV, path);
    assert.equal(change.backupPath, undefined);
    assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), { env: ENV });
    await undoConfigFile(change);
    await assert.rejects(stat(path), { code: 'ENOENT' });
  });

  it('malformed JSON on disk: a clear error, and nothing written or backed up', async () => {
    const path = await fresh('malformed');
    await writeFile(path, '{ oops');
    await assert.rejects(applyClaudeSettings(ENV, path), (error: Error) => error instanceof ConfigFileError && /not valid JSON/.test(error.message) && /nothing was changed/.test(error.message));
    assert.equal(await readFile(path, 'utf8'), '{ oops');
    assert.deepEqual(await readdir(join(dir, 'malformed')), ['settings.json']);
  });

  it('undo refuses when the file changed after apply, and keeps the backup', async () => {
    const path = await fresh('changed');
    await writeFile(path, SEEDED);
    const change = await applyClaudeSettings(ENV, path);
    await writeFile(path, '{"edited": true}\n');
    await assert.rejects(undoConfigFile(change), (error: Error) => error instanceof ConfigFileError && error.message.includes(change.backupPath!));
    assert.equal(await readFile(path, 'utf8'), '{"edited": true}\n');
    assert.equal(await readFile(change.backupPath!, 'utf8'), SEEDED);
  });

  it('two applies in a row keep two backups', async () => {
    const path = await fresh('twice');
    await writeFile(path, SEEDED);
    let tick = 0;
    const clock = () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++));
    const first = await applyClaudeSettings(ENV, path, clock);
    const second = await applyClaudeSettings({ ...ENV, ANTHROPIC_MODEL: 'gpt-5' }, path, clock);
    assert.notEqual(first.backupPath, second.backupPath);
    assert.equal(await readFile(first.backupPath!, 'utf8'), SEEDED);
    assert.equal(await readFile(second.backupPath!, 'utf8'), first.written);
  });
});
