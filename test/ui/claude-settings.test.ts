// One-click merge into Claude Code's settings.json: preview, save (other keys kept, old file
// backed up), undo (the old bytes back) — checked on disk.
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { statuslineCommandLine } from '../../src/proxy/usage/statusline-command.js';
import { openView, screenshot, UI_CLIENT_KEY, uiSession } from './harness.js';

const ui = uiSession();

// CLAUDE_CODE_USE_VERTEX would send Claude Code to Google instead: the merge removes it and says so.
const SEEDED = JSON.stringify({ theme: 'dark', permissions: { allow: ['Bash(ls)'] }, env: { KEEP_ME: 'yes', CLAUDE_CODE_USE_VERTEX: '1' } }, null, 2) + '\n';
const VERTEX_NOTE = /^Removed CLAUDE_CODE_USE_VERTEX \(was "1"\) from the env block: it sends Claude Code to Google Vertex AI instead of Thalamus\.$/;

describe('Claude Code settings merge', () => {
  it('previews, saves keeping other keys with a backup, and undoes to the old bytes', async () => {
    const path = join(ui.stack.claudeDir, 'settings.json');
    await writeFile(path, SEEDED);
    const page = await ui.browser.newPage();
    await page.goto(ui.stack.pageUrl);
    await openView(page, 'Clients');

    await page.getByRole('button', { name: 'Preview changes to settings.json' }).click();
    const preview = page.getByTestId('claude-settings-preview');
    await preview.waitFor();
    assert.match((await preview.textContent())!, new RegExp(`Changes to ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`));
    const added = (await preview.locator('.diff-added').allTextContents()).map((line) => line.trimEnd());
    assert.ok(added.includes(`+     "ANTHROPIC_BASE_URL": "${ui.stack.gateway.url}",`), added.join('\n'));
    assert.ok(added.some((line) => line.includes('"ANTHROPIC_AUTH_TOKEN": "thl_••••')), 'the key is masked in the preview');
    assert.doesNotMatch((await preview.textContent())!, new RegExp(UI_CLIENT_KEY));
    assert.equal(await readFile(path, 'utf8'), SEEDED, 'a preview writes nothing');
    assert.match((await preview.getByTestId('claude-settings-notes').textContent())!, VERTEX_NOTE);
    assert.ok((await preview.locator('.diff-removed').allTextContents()).some((line) => line.includes('"CLAUDE_CODE_USE_VERTEX": "1"')));
    await screenshot(page, 'claude-settings-preview');

    await page.getByRole('button', { name: 'Save to settings.json' }).click();
    const applied = page.getByTestId('claude-settings-applied');
    await applied.waitFor();
    assert.match((await page.getByTestId('claude-settings-notes').textContent())!, VERTEX_NOTE);
    const written = JSON.parse(await readFile(path, 'utf8'));
    assert.deepEqual(written, {
      theme: 'dark',
      permissions: { allow: ['Bash(ls)'] },
      env: {
        KEEP_ME: 'yes',
        ANTHROPIC_BASE_URL: ui.stack.gateway.url,
        ANTHROPIC_AUTH_TOKEN: UI_CLIENT_KEY,
        CLAUDE_CODE_DISABLE_NONSTREAMING_FALLBACK: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY: '1',
      },
      // Offered because the file had none: Cursor's usage in Claude Code's status bar.
      statusLine: { type: 'command', command: statuslineCommandLine(), padding: 0 },
    });
    const backups = (await readdir(ui.stack.claudeDir)).filter((name) => name.endsWith('.bak'));
    assert.equal(backups.length, 1);
    assert.equal(await readFile(join(ui.stack.claudeDir, backups[0]!), 'utf8'), SEEDED);
    assert.match((await applied.textContent())!, new RegExp(backups[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await screenshot(page, 'claude-settings-applied');

    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('claude-settings-undone').waitFor();
    assert.equal(await readFile(path, 'utf8'), SEEDED);
    assert.deepEqual(await readdir(ui.stack.claudeDir), ['settings.json']);
    assert.deepEqual(page.problems(), []);
    await page.close();
  });

  it('a malformed settings.json is reported plainly and left alone', async () => {
    const path = join(ui.stack.claudeDir, 'settings.json');
    await writeFile(path, '{ "theme": ');
    const page = await ui.browser.newPage();
    await page.goto(ui.stack.pageUrl);
    await openView(page, 'Clients');
    await page.getByRole('button', { name: 'Preview changes to settings.json' }).click();
    const error = page.getByTestId('claude-settings').getByRole('alert');
    await error.waitFor();
    assert.match((await error.textContent())!, /settings\.json is not valid JSON .*nothing was changed/);
    assert.equal(await readFile(path, 'utf8'), '{ "theme": ');
    assert.deepEqual(await readdir(ui.stack.claudeDir), ['settings.json']);
    await page.close();
  });
});
