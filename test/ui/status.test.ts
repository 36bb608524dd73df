// The status cards in a real browser: gateway state, demo badge, account, and the key handling.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, screenshot, startUiStack, UI_CLIENT_KEY, type Browser } from './harness.js';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

describe('status', () => {
  it('shows the gateway running, the account with its token expiry, and takes the key out of the address bar', async () => {
    const stack = await startUiStack();
    try {
      const page = await browser.newPage();
      await page.goto(stack.pageUrl);
      await page.getByTestId('gateway-state').filter({ hasText: 'Running' }).waitFor();
      assert.equal(await page.getByTestId('gateway-url').textContent(), stack.gateway.url);
      assert.equal(await page.getByTestId('demo-badge').count(), 0);
      assert.equal(await page.getByTestId('account-email').textContent(), 'ada@example.com');
      assert.equal(await page.getByTestId('token-expiry').textContent(), 'Jan 1, 2030, 12:00 AM');
      assert.equal(await page.getByTestId('requests-today').textContent(), '0');
      // The key is gone from the URL (and history), kept for this tab only.
      assert.equal(new URL(page.url()).hash, '');
      assert.equal(await page.evaluate<string | null>("sessionStorage.getItem('thalamus.clientKey')"), UI_CLIENT_KEY);
      await screenshot(page, 'status');
      assert.deepEqual(page.problems(), []);
      await page.close();
    } finally {
      await stack.close();
    }
  });

  it('demo: shows the badge, and says plainly that logging in here needs `thalamus login`', async () => {
    const stack = await startUiStack({ demo: true });
    try {
      const page = await browser.newPage();
      await page.goto(stack.pageUrl);
      await page.getByTestId('demo-badge').waitFor();
      assert.equal(await page.getByTestId('account-email').textContent(), 'Not logged in');
      await page.getByRole('button', { name: 'Log in with Cursor' }).click();
      const error = page.getByTestId('account-error');
      await error.waitFor();
      assert.equal(await error.textContent(), 'Logging in from this page is not available here: run `thalamus login` in a terminal, then restart the gateway.');
      await screenshot(page, 'demo-login-unavailable');
      assert.deepEqual(page.problems(), []);
      await page.close();
    } finally {
      await stack.close();
    }
  });

  it('without a key, asks for one; a wrong key is refused, the right one opens the page', async () => {
    const stack = await startUiStack();
    try {
      const page = await browser.newPage();
      await page.goto(`${stack.gateway.url}/ui/`);
      await page.getByTestId('key-screen').waitFor();
      await page.getByLabel('Client key', { exact: true }).fill('thl_not_the_key_000000000000');
      await page.getByRole('button', { name: 'Use this key' }).click();
      await page.getByText('The gateway did not accept the key').waitFor();
      await screenshot(page, 'key-refused');
      await page.getByLabel('Client key', { exact: true }).fill(UI_CLIENT_KEY);
      await page.getByRole('button', { name: 'Use this key' }).click();
      await page.getByTestId('gateway-state').filter({ hasText: 'Running' }).waitFor();
      await page.close();
    } finally {
      await stack.close();
    }
  });
});
