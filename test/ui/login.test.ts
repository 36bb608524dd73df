// The login flow in a real browser: with the real login module on the fake Cursor's auth
// endpoints (click, see the URL, approve on the fake, see the account), and with an AuthService
// double for the paths the fake cannot stage on demand (cancel, log out).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StubAuth, STUB_LOGIN_EMAIL } from '../helpers/stub-auth.js';
import { screenshot, startUiStack, uiSession } from './harness.js';

const auth = new StubAuth();
const ui = uiSession({ tokenProvider: auth });

describe('login with the login module on the fake Cursor', () => {
  it('Log in shows the login URL; approving it on the fake shows the account', async () => {
    const cursor = await startUiStack({ cursorLogin: true });
    try {
      const page = await ui.browser.newPage();
      await page.goto(cursor.pageUrl);
      await page.getByTestId('account-email').filter({ hasText: 'Not logged in' }).waitFor();
      await page.getByRole('button', { name: 'Log in with Cursor' }).click();
      const field = page.getByTestId('login-url');
      await field.waitFor();
      const url = await field.inputValue();
      assert.match(url, /^https:\/\/cursor\.example\/loginDeepControl\?/);
      // The user opens the page and approves; the gateway's poll picks the tokens up.
      cursor.fake.auth.approve(cursor.fake.auth.visitLoginPage(url).uuid, { email: 'lin@example.com' });
      await page.getByTestId('account-email').filter({ hasText: 'lin@example.com' }).waitFor();
      assert.equal(await page.getByTestId('login-waiting').count(), 0);
      // The gateway started on the demo (nobody was logged in): the page says a restart switches.
      await page.getByText('Restart Thalamus to switch from the demo to your Cursor account.').waitFor();
      await screenshot(page, 'login-fake-cursor');
      assert.deepEqual(page.problems(), []);
      await page.close();
    } finally {
      await cursor.close();
    }
  });
});

describe('login with an AuthService double', () => {
  it('Log in shows the login link while waiting; approving it shows the account; Log out ends it', async () => {
    const page = await ui.browser.newPage();
    await page.goto(ui.stack.pageUrl);
    await page.getByRole('button', { name: 'Log in with Cursor' }).click();
    const url = page.getByTestId('login-url');
    await url.waitFor();
    assert.equal(await url.inputValue(), 'https://cursor.example/loginDeepControl?uuid=1');
    assert.equal(await page.getByRole('link', { name: /Open the Cursor login page/ }).getAttribute('href'), 'https://cursor.example/loginDeepControl?uuid=1');
    await screenshot(page, 'login-waiting');

    auth.logins[0]!.approve();
    await page.getByTestId('account-email').filter({ hasText: STUB_LOGIN_EMAIL }).waitFor();
    assert.equal(await page.getByTestId('login-waiting').count(), 0);
    assert.equal(await page.getByTestId('token-expiry').textContent(), 'Jan 1, 2031, 12:00 AM');
    await screenshot(page, 'login-done');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByTestId('account-email').filter({ hasText: 'Not logged in' }).waitFor();
    assert.equal(auth.loggedOut, 1);
    assert.deepEqual(page.problems(), []);
    await page.close();
  });

  it('Cancel stops a pending login', async () => {
    const page = await ui.browser.newPage();
    await page.goto(ui.stack.pageUrl);
    await page.getByRole('button', { name: 'Log in with Cursor' }).click();
    await page.getByTestId('login-url').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Login cancelled.').waitFor();
    assert.equal(auth.logins.at(-1)!.cancelled, true);
    assert.equal(await page.getByTestId('login-waiting').count(), 0);
    assert.deepEqual(page.problems(), []);
    await page.close();
  });
});
