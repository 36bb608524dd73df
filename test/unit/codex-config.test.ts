// Codex's config.toml for the gateway: the printed provider block and the merge into a user's file.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseToml } from 'smol-toml';
import { applyCodexConfig, defaultCodexConfigPath, mergeCodexConfig, previewCodexConfig } from '../../src/proxy/app/codex-config.js';
import { renderCodexConfig } from '../../src/proxy/app/codex-provider.js';
import { ConfigFileError, undoConfigFile } from '../../src/proxy/app/config-file-merge.js';

/** smol-toml builds null-prototype objects; compare plain ones. */
const parse = (text: string): Record<string, unknown> => JSON.parse(JSON.stringify(parseToml(text)));

const INPUT = { baseUrl: 'http://127.0.0.1:3013', model: 'gpt-5' };
const PROVIDER = { name: 'Thalamus', base_url: 'http://127.0.0.1:3013/v1', wire_api: 'responses', env_key: 'THALAMUS_API_KEY' };
const USER_CONFIG = `# my settings
model = "o3"
approval_policy = "on-request"

[profiles.fast]
model = "gpt-5-mini"

[model_providers.ollama]
name = "Ollama"
base_url = "http://localhost:11434/v1"

[mcp_servers.docs]
command = "npx"
args = ["-y", "docs-mcp"]
`;

describe('codex config', () => {
  it('prints the provider block of codex-cli.md §1 as TOML, with the key variable named', () => {
    const text = renderCodexConfig(INPUT);
    assert.deepEqual(parse(text), { model: 'gpt-5', model_provider: 'thalamus', model_providers: { thalamus: PROVIDER } });
    assert.match(text, /^# .*THALAMUS_API_KEY exported/m);
  });

  it('merges into a user file keeping every other setting, profile, provider and MCP server', () => {
    const merged = parse(mergeCodexConfig(USER_CONFIG, INPUT));
    const original = parse(USER_CONFIG);
    assert.deepEqual(merged, {
      ...original,
      model: 'gpt-5',
      model_provider: 'thalamus',
      model_providers: { ollama: (original.model_providers as Record<string, unknown>).ollama, thalamus: PROVIDER },
    });
    assert.deepEqual(parse(mergeCodexConfig(undefined, INPUT)), { model: 'gpt-5', model_provider: 'thalamus', model_providers: { thalamus: PROVIDER } });
  });

  it('refuses a file that is not TOML, or whose model_providers is not a table', () => {
    assert.throws(() => mergeCodexConfig('model = ', INPUT, '/x/config.toml'), (error: Error) => error instanceof ConfigFileError && /\/x\/config\.toml is not valid TOML/.test(error.message));
    assert.throws(() => mergeCodexConfig('model_providers = 3', INPUT), ConfigFileError);
  });

  it('the default path follows CODEX_HOME, else HOME', () => {
    assert.equal(defaultCodexConfigPath({ CODEX_HOME: '/c' }), join('/c', 'config.toml'));
    assert.equal(defaultCodexConfigPath({ HOME: '/h' }), join('/h', '.codex', 'config.toml'));
  });

  it('previews, applies with a backup, and undoes back to the exact old file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'thalamus-codex-config-'));
    try {
      const path = join(dir, 'config.toml');
      await writeFile(path, USER_CONFIG);
      const preview = await previewCodexConfig(INPUT, path);
      assert.equal(preview.before, USER_CONFIG);
      assert.equal(await readFile(path, 'utf8'), USER_CONFIG, 'preview writes nothing');
      const change = await applyCodexConfig(INPUT, path);
      assert.equal(await readFile(path, 'utf8'), preview.after);
      assert.equal(await readFile(change.backupPath!, 'utf8'), USER_CONFIG);
      await undoConfigFile(change);
      assert.equal(await readFile(path, 'utf8'), USER_CONFIG);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
