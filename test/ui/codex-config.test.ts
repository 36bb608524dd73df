// The Codex exporter in the Clients view: the provider block for the running gateway, the key
// variable (masked until asked), and the merge into Codex's config.toml — preview, save (other
// settings kept, old file backed up), undo (the old bytes back) — checked on disk.
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'smol-toml';
import { openView, screenshot, UI_CLIENT_KEY, uiSession } from './harness.js';

const ui = uiSession();

const SEEDED = '# mine\nmodel = "o3"\napproval_policy = "on-request"\n\n[mcp_servers.docs]\ncommand = "npx"\n';
const plain = (text: string) => JSON.parse(JSON.stringify(parse(text))) as Record<string, unknown>;

describe('Codex exporter', () => {
  it('shows the provider block and the key variable, then previews, saves with a backup and undoes', async () => {
    const path = join(ui.stack.codexDir, 'config.toml');
    await writeFile(path, SEEDED);
    const page = await ui.browser.newPage();
    await page.goto(ui.stack.pageUrl);
    await openView(page, 'Clients');

    const snippet = page.getByTestId('codex-config-snippet');
    await snippet.getByText('[model_providers.thalamus]').waitFor();
    const provider = plain((await snippet.textContent())!);
    assert.deepEqual(provider.model_providers, {
      thalamus: { name: 'Thalamus', base_url: `${ui.stack.gateway.url}/v1`, wire_api: 'responses', env_key: 'THALAMUS_API_KEY' },
    });
    const keyLine = page.getByTestId('codex-key-snippet');
    assert.doesNotMatch((await keyLine.textContent())!, new RegExp(UI_CLIENT_KEY), 'the key is masked until asked');
    assert.match((await keyLine.textContent())!, /^export THALAMUS_API_KEY='thl_/);

    const panel = page.getByTestId('codex-config');
    await panel.getByRole('button', { name: 'Preview changes to config.toml' }).click();
    const preview = page.getByTestId('codex-config-preview');
    await preview.waitFor();
    const added = (await preview.locator('.diff-added').allTextContents()).map((line) => line.trimEnd());
    assert.ok(added.includes('+ model_provider = "thalamus"'), added.join('\n'));
    assert.equal(await readFile(path, 'utf8'), SEEDED, 'a preview writes nothing');
    await screenshot(page, 'codex-config-preview');

    await panel.getByRole('button', { name: 'Save to config.toml' }).click();
    const applied = page.getByTestId('codex-config-applied');
    await applied.waitFor();
    const written = plain(await readFile(path, 'utf8'));
    assert.deepEqual(written, {
      model: 'gpt-5',
      approval_policy: 'on-request',
      mcp_servers: { docs: { command: 'npx' } },
      model_provider: 'thalamus',
      model_providers: provider.model_providers,
    });
    const backups = (await readdir(ui.stack.codexDir)).filter((name) => name.endsWith('.bak'));
    assert.equal(backups.length, 1);
    assert.equal(await readFile(join(ui.stack.codexDir, backups[0]!), 'utf8'), SEEDED);

    await panel.getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('codex-config-undone').waitFor();
    assert.equal(await readFile(path, 'utf8'), SEEDED);
    assert.deepEqual(await readdir(ui.stack.codexDir), ['config.toml']);
    assert.deepEqual(page.problems(), []);
    await page.close();
  });

  it('a config.toml that is not TOML is reported plainly and left alone', async () => {
    const path = join(ui.stack.codexDir, 'config.toml');
    await writeFile(path, 'model = ');
    const page = await ui.browser.newPage();
    await page.goto(ui.stack.pageUrl);
    await openView(page, 'Clients');
    const panel = page.getByTestId('codex-config');
    await panel.getByRole('button', { name: 'Preview changes to config.toml' }).click();
    const error = panel.getByRole('alert');
    await error.waitFor();
    assert.match((await error.textContent())!, /config\.toml is not valid TOML .*nothing was changed/);
    assert.equal(await readFile(path, 'utf8'), 'model = ');
    await page.close();
  });
});
