// The test chat in a real browser over the real gateway: a streamed answer that names its
// model, Stop (which must abort the upstream run), and a failure in plain words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFailure } from '../../src/proxy/error-words.js';
import { screenshot, uiSession } from './harness.js';

const ui = uiSession();

describe('test chat', () => {
  it('streams an answer and says which model answered', async () => {
    ui.stack.fake.setScript(async (run) => {
      run.text('Hello ');
      run.text('from the fake Cursor.');
      run.turnEnded();
    });
    const page = await ui.browser.newPage();
    await page.goto(ui.stack.pageUrl);
    await page.getByTestId('chat').getByText('Auto (default)').waitFor();
    await page.getByLabel('Message').fill('Say hello');
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = page.getByTestId('chat-answer').last();
    await answer.getByTestId('answered-by').waitFor();
    assert.equal(await answer.locator('.bubble-text').textContent(), 'Hello from the fake Cursor.');
    assert.equal(await answer.getByTestId('answered-by').textContent(), 'Answered by Auto (default)');
    assert.equal(await page.getByTestId('chat-question').last().textContent(), 'Say hello');
    assert.equal(ui.stack.fake.runs.at(-1)!.request.modelDetails?.modelId, 'default');
    await page.getByTestId('requests-today').filter({ hasText: '1' }).waitFor();
    await screenshot(page, 'chat-answer');
    assert.deepEqual(page.problems(), []);
    await page.close();
  });

  it('Stop keeps the partial answer and aborts the upstream run', async () => {
    let upstreamAborted!: () => void;
    const aborted = new Promise<void>((resolve) => (upstreamAborted = resolve));
    ui.stack.fake.setScript(async (run) => {
      run.aborted.addEventListener('abort', () => upstreamAborted());
      run.text('Once upon a time');
      // Slow on purpose: only Stop ends this run.
      await run.sleep(60_000);
      run.text(' and never finished.');
      run.turnEnded();
    });
    const runsBefore = ui.stack.fake.runs.length;
    const page = await ui.browser.newPage();
    await page.goto(ui.stack.pageUrl);
    await page.getByLabel('Message').fill('Tell me a long story');
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = page.getByTestId('chat-answer').last();
    await answer.locator('.bubble-text', { hasText: 'Once upon a time' }).waitFor();
    await page.getByRole('button', { name: 'Stop' }).click();
    await aborted;
    assert.equal(ui.stack.fake.runs.length, runsBefore + 1);
    assert.equal(ui.stack.fake.runs.at(-1)!.clientAborted, true);
    await answer.getByTestId('chat-stopped').waitFor();
    assert.equal(await answer.locator('.bubble-text').textContent(), 'Once upon a time');
    await page.getByRole('button', { name: 'Send' }).waitFor();
    await screenshot(page, 'chat-stopped');
    assert.deepEqual(page.problems(), []);
    await page.close();
  });

  it('an upstream failure is shown plainly, in the chat and as the last problem', async () => {
    ui.stack.fake.setScript(async (run) => run.fail({ code: 'resource_exhausted', message: 'You have hit your usage limit' }));
    const page = await ui.browser.newPage();
    await page.goto(ui.stack.pageUrl);
    await page.getByLabel('Message').fill('hi');
    await page.getByRole('button', { name: 'Send' }).click();
    const words = describeFailure('quota_exhausted', 'You have hit your usage limit');
    const error = page.getByTestId('chat-answer').last().getByRole('alert');
    await error.waitFor();
    assert.equal(await error.textContent(), words);
    const lastError = page.getByTestId('last-error');
    await lastError.waitFor();
    assert.match((await lastError.textContent())!, new RegExp(`^Last problem \\(\\d{1,2}:\\d{2} [AP]M\\): ${words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    await screenshot(page, 'chat-error');
    assert.deepEqual(page.problems(), []);
    await page.close();
  });
});
