// The Usage view in Chromium: Cursor's meters from the fake's DashboardService (bars coloured by
// threshold, reset countdown, pace, on-demand apart) and the local chart; the screenshot is
// test-artifacts/ui/usage.png. The limits in Settings save to the config dir.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, openView, screenshot, startUiStack, UI_CLIENT_KEY, type Browser, type UiStack } from './harness.js';

const DAY = 24 * 60 * 60 * 1000;

let browser: Browser;
let stack: UiStack;
before(async () => {
  browser = await launchBrowser();
  stack = await startUiStack();
  stack.fake.account.update({
    planName: 'Pro+',
    billingCycleStart: new Date(Date.now() - 12 * DAY),
    billingCycleEnd: new Date(Date.now() + 18 * DAY),
    percentUsed: { auto: 22, api: 84 },
    onDemand: { enabled: true, limitCents: 5000, usedCents: 1250 },
  });
  // Traffic for the chart, through the client API.
  for (const [path, model] of [
    ['/v1/messages', 'claude-4.5-sonnet'],
    ['/v1/messages', 'claude-4.5-sonnet'],
    ['/v1/chat/completions', 'gpt-5'],
  ] as const) {
    const body = path === '/v1/messages' ? { model, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] } : { model, messages: [{ role: 'user', content: 'hi' }] };
    const response = await fetch(`${stack.gateway.url}${path}`, { method: 'POST', headers: { 'x-api-key': UI_CLIENT_KEY, authorization: `Bearer ${UI_CLIENT_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(response.status, 200);
  }
  await stack.gateway.usage.view({ refresh: true });
});
after(async () => {
  await browser.close();
  await stack.close();
});

describe('usage view', () => {
  it('shows both pools with thresholds, the reset, the pace, on-demand spend and the local chart', async () => {
    const page = await browser.newPage();
    await page.goto(stack.pageUrl);
    await openView(page, 'Usage');
    await page.getByTestId('meter-api-value').filter({ hasText: '84 %' }).waitFor();
    assert.equal(await page.getByRole('meter', { name: 'API (named models)' }).getAttribute('aria-valuenow'), '84');
    assert.match((await page.getByRole('meter', { name: 'API (named models)' }).getAttribute('class'))!, /meter-warn/);
    assert.match((await page.getByRole('meter', { name: 'Auto + Composer' }).getAttribute('class'))!, /meter-ok/);
    assert.equal(await page.getByTestId('meter-total-value').textContent(), '53 %');
    assert.equal(await page.getByTestId('plan-name').textContent(), 'Pro+');
    assert.match((await page.getByTestId('plan-reset').textContent())!, /^resets in 1[78] d \d+ h/);
    // API 84 % and Auto 22 % at about 40 % of the cycle (the fake's cycle moves with the clock).
    assert.match(
      (await page.getByTestId('pace').textContent())!,
      /^4\d(\.\d)? % of the cycle gone\. Pace, an estimate: API 2\.\d\d× \(runs out before the reset at this rate\); Auto \+ Composer 0\.5\d× \(on track\)\.$/,
    );
    assert.equal(await page.getByTestId('on-demand').textContent(), '$12.50 of $50.00');
    await page.getByTestId('local-today').filter({ hasText: 'Today: 3 requests' }).waitFor();
    // recharts draws the bars as SVG paths: one stacked series per Cursor model.
    await page.getByTestId('chart-requests').locator('.recharts-bar-rectangle').first().waitFor();
    assert.deepEqual((await page.getByTestId('chart-requests').locator('.recharts-legend-item-text').allTextContents()).sort(), ['claude-4.5-sonnet', 'gpt-5']);
    await screenshot(page, 'usage');
    assert.deepEqual(page.problems(), []);
    await page.close();
  });

  it('limits are set in Settings and kept in settings.json', async () => {
    const page = await browser.newPage();
    await page.goto(stack.pageUrl);
    await openView(page, 'Settings');
    const saved = page.waitForResponse((response) => response.url().endsWith('/admin/api/settings') && response.request().method() === 'PATCH');
    await page.getByLabel('Requests per day').fill('300');
    await page.getByLabel('Requests per day').blur();
    await saved;
    const settings = JSON.parse(await readFile(join(stack.configDir, 'settings.json'), 'utf8'));
    assert.equal(settings.dailyRequestLimit, 300);
    assert.deepEqual((await stack.gateway.usage.view()).limits.dailyRequestLimit, { value: 300, source: 'settings' });
    assert.deepEqual(page.problems(), []);
    await page.close();
  });
});
