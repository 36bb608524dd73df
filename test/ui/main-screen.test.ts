// The main screen in use (logged in, a model picked, one answered chat): the screenshot in
// test-artifacts/ui/main.png. With UPDATE_DOCS_SCREENSHOT=1 it is also written to
// docs/screenshot.png for the README, from a gateway on the default port.
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ARTIFACTS_DIR, launchBrowser, openView, screenshot, startUiStack, type Browser, type UiStack } from './harness.js';

const UPDATE_DOCS = process.env.UPDATE_DOCS_SCREENSHOT === '1';
const DOCS_SCREENSHOT = fileURLToPath(new URL('../../docs/screenshot.png', import.meta.url));
const ANSWER = "Hi! This answer came from Cursor's Claude 4.5 Sonnet, through Thalamus on 127.0.0.1.";

let browser: Browser;
let stack: UiStack;
before(async () => {
  browser = await launchBrowser();
  stack = await startUiStack({
    port: UPDATE_DOCS ? 3013 : 0,
    script: async (run) => {
      for (const word of ANSWER.split(/(?<= )/)) run.text(word);
      run.turnEnded();
    },
  });
});
after(async () => {
  await browser.close();
  await stack.close();
});

describe('main screen', () => {
  it('renders the whole page in use without a fault', async () => {
    const page = await browser.newPage();
    await page.goto(stack.pageUrl);
    await openView(page, 'Settings');
    await page.getByLabel('Main model').locator('option[value="claude-4.5-sonnet"]').waitFor({ state: 'attached' });
    await page.getByLabel('Main model').selectOption('claude-4.5-sonnet');
    await page.getByLabel('Small, fast model').selectOption('composer-1');
    await openView(page, 'Overview');
    await page.getByTestId('chat').getByText('Claude 4.5 Sonnet (claude-4.5-sonnet)').waitFor();
    await page.getByLabel('Message').fill('Hello from the Thalamus UI!');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('answered-by').waitFor();
    assert.equal(await page.getByTestId('chat-answer').locator('.bubble-text').textContent(), ANSWER);
    await page.getByTestId('requests-today').filter({ hasText: '1' }).waitFor();
    await openView(page, 'Clients');
    await page.getByTestId('env-snippet').filter({ hasText: "ANTHROPIC_SMALL_FAST_MODEL" }).waitFor();
    await openView(page, 'Overview');
    // The "Saved" badge fades on a timer; the picture should not depend on when it was taken.
    await page.getByText('Saved ✓').waitFor({ state: 'detached' });
    await screenshot(page, 'main');
    if (UPDATE_DOCS) {
      await mkdir(join(DOCS_SCREENSHOT, '..'), { recursive: true });
      await copyFile(join(ARTIFACTS_DIR, 'main.png'), DOCS_SCREENSHOT);
    }
    assert.deepEqual(page.problems(), []);
    await page.close();
  });
});
