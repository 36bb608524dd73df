// The fallback chains setting: a chain typed in Settings is saved in the config dir (where the
// engine reads it); a malformed one is refused with the reason.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openView, uiSession } from './harness.js';

const ui = uiSession();

describe('fallback setting', () => {
  it('saves a chain to settings.json and refuses a malformed one', async () => {
    const page = await ui.browser.newPage();
    await page.goto(ui.stack.pageUrl);
    await openView(page, 'Settings');
    const input = page.getByLabel('Fallback chains');
    const patched = () => page.waitForResponse((response) => response.url().endsWith('/admin/api/settings') && response.request().method() === 'PATCH');

    let saved = patched();
    await input.fill('gpt-5>composer-1>default');
    await input.blur();
    await saved;
    const file = JSON.parse(await readFile(join(ui.stack.configDir, 'settings.json'), 'utf8'));
    assert.equal(file.fallback, 'gpt-5>composer-1>default');

    saved = patched();
    await input.fill('gpt-5');
    await input.blur();
    await saved;
    await page.getByRole('alert').filter({ hasText: 'must be model>model' }).waitFor();
    const after = JSON.parse(await readFile(join(ui.stack.configDir, 'settings.json'), 'utf8'));
    assert.equal(after.fallback, 'gpt-5>composer-1>default', 'the refused value was not written');
  });
});
