// The model pickers: a pick is saved in the config dir and is still there after a reload.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openView, screenshot, uiSession } from './harness.js';

const ui = uiSession();

describe('models', () => {
  it('lists Cursor models; a picked model persists across a reload and on disk', async () => {
    const page = await ui.browser.newPage();
    await page.goto(ui.stack.pageUrl);
    await openView(page, 'Settings');
    const main = page.getByLabel('Main model');
    await main.locator('option[value="gpt-5"]').waitFor({ state: 'attached' });
    const options = await main.locator('option').allTextContents();
    assert.deepEqual(options.slice(0, 3), ["Claude Code's choice, mapped", 'Auto', 'Claude 4.5 Sonnet']);

    // The gateway writes the file before it answers the PATCH.
    const settingsSaved = () => page.waitForResponse((response) => response.url().endsWith('/admin/api/settings') && response.request().method() === 'PATCH');
    let saved = settingsSaved();
    await main.selectOption('gpt-5');
    await saved;
    saved = settingsSaved();
    await page.getByLabel('Small, fast model').selectOption('composer-1');
    await saved;
    saved = settingsSaved();
    await page.getByLabel('The “sonnet” alias').selectOption('gpt-5');
    await saved;
    assert.deepEqual(JSON.parse(await readFile(join(ui.stack.configDir, 'settings.json'), 'utf8')), {
      port: 3013,
      defaultModel: 'gpt-5',
      smallFastModel: 'composer-1',
      opusModel: '',
      sonnetModel: 'gpt-5',
      haikuModel: '',
      openAtLogin: false,
      fallback: '',
      dailyRequestLimit: null,
      apiPoolStopPercent: null,
    });
    // The test chat follows the main model.
    await openView(page, 'Overview');
    await page.getByTestId('chat').getByText('GPT-5 (gpt-5)').waitFor();

    await page.reload();
    await page.getByTestId('chat').getByText('GPT-5 (gpt-5)').waitFor();
    await openView(page, 'Settings');
    await page.getByLabel('Main model').locator('option[value="gpt-5"]').waitFor({ state: 'attached' });
    assert.equal(await page.getByLabel('Main model').inputValue(), 'gpt-5');
    assert.equal(await page.getByLabel('Small, fast model').inputValue(), 'composer-1');
    assert.equal(await page.getByLabel('The “sonnet” alias').inputValue(), 'gpt-5');
    await screenshot(page, 'models');
    assert.deepEqual(page.problems(), []);
    await page.close();
  });
});
