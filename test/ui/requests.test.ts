// The Requests view in Chromium: the live list (newest first, status colour, TTFT, tokens, error
// class), a request's detail, the capture switch with its visible state, and the bug report download.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { readFile } from 'node:fs/promises';
import { readRequestLog } from '../../src/proxy/log/request-log.js';
import { launchBrowser, screenshot, startUiStack, UI_CLIENT_KEY, type Browser } from './harness.js';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

describe('requests view', () => {
  it('lists requests live with their outcome, shows one in detail, switches capture and downloads a report', async () => {
    const stack = await startUiStack({
      script: async (run) => {
        if (JSON.stringify(run.request).includes('please fail')) return run.fail({ code: 'resource_exhausted', message: 'Too many requests' });
        run.text('Hello there');
        run.tokenDelta(2);
        run.turnEnded();
      },
    });
    try {
      const page = await browser.newPage();
      await page.goto(stack.pageUrl);
      await page.getByRole('button', { name: 'Requests' }).click();
      await page.getByText('No requests yet').waitFor();

      const ask = (content: string) =>
        fetch(`${stack.gateway.url}/v1/messages`, {
          method: 'POST',
          headers: { 'x-api-key': UI_CLIENT_KEY, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'sonnet', max_tokens: 20, stream: true, messages: [{ role: 'user', content }] }),
        }).then(async (response) => (await response.text(), response.status));
      assert.equal(await ask('hello'), 200);
      // Its record is written just after the response: wait for it, so the order is certain.
      for (let waited = 0; (await readRequestLog(stack.configDir)).records.length < 1; waited += 20) {
        if (waited > 10_000) assert.fail('the first request was not logged');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.equal(await ask('please fail'), 429);

      // The list is polled: the two requests appear without a reload, newest first.
      const rows = page.getByTestId('request-row');
      await rows.nth(1).waitFor();
      const newest = rows.nth(0);
      assert.equal(await newest.getByTestId('request-status').textContent(), '429');
      assert.match((await newest.getByTestId('request-status').getAttribute('class')) ?? '', /status-error|status-warn/);
      assert.equal(await newest.getByTestId('request-error').textContent(), 'rate_limited');
      const older = rows.nth(1);
      assert.equal(await older.getByTestId('request-status').textContent(), '200');
      assert.match((await older.getByTestId('request-status').getAttribute('class')) ?? '', /status-ok/);
      assert.match((await older.getByTestId('request-ttft').textContent()) ?? '', /\d+ (ms|s)/);
      assert.match((await older.textContent()) ?? '', /sonnet → claude-4\.5-sonnet/);

      await older.click();
      const detail = page.getByTestId('request-detail');
      await detail.waitFor();
      assert.match((await detail.textContent()) ?? '', /Outcomeend_turn/);
      assert.match((await detail.textContent()) ?? '', /Cursor run[0-9a-f-]{36}/);

      assert.equal(await page.getByTestId('capturing-badge').count(), 0);
      await page.getByTestId('capture-toggle').check();
      await page.getByTestId('capturing-badge').waitFor();
      // The badge shows at once; the gateway's answer follows.
      for (let waited = 0; !stack.gateway.capture.enabled; waited += 20) {
        if (waited > 10_000) assert.fail('capture was not switched on in the gateway');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await screenshot(page, 'requests');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-button').click()]);
      assert.match(download.suggestedFilename(), /^thalamus-report-\d{8}-\d{6}\.zip$/);
      const zip = unzipSync(await readFile((await download.path())!));
      assert.equal(strFromU8(zip['requests.jsonl']!).trim().split('\n').length, 2);
      await page.getByTestId('report-result').filter({ hasText: 'Downloaded' }).waitFor();

      await page.getByTestId('capture-toggle').uncheck();
      await page.getByTestId('capturing-badge').waitFor({ state: 'detached' });
      for (let waited = 0; stack.gateway.capture.enabled; waited += 20) {
        if (waited > 10_000) assert.fail('capture was not switched off in the gateway');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.deepEqual(page.problems(), []);
      await page.close();
    } finally {
      await stack.close();
    }
  });
});
