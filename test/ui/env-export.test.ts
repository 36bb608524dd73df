// The Claude Code env exporter: the exact text for each shell (the key hidden until asked),
// and one-click copy of the full text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, openView, screenshot, startUiStack, UI_CLIENT_KEY, type Browser, type UiStack } from './harness.js';

let browser: Browser;
let stack: UiStack;
before(async () => {
  browser = await launchBrowser();
  stack = await startUiStack();
  // The picked models go into ANTHROPIC_MODEL / ANTHROPIC_SMALL_FAST_MODEL / ANTHROPIC_DEFAULT_HAIKU_MODEL.
  const response = await fetch(`${stack.gateway.url}/admin/api/settings`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${UI_CLIENT_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ defaultModel: 'claude-4.5-sonnet', smallFastModel: 'composer-1', haikuModel: 'composer-1' }),
  });
  assert.equal(response.status, 200);
});
after(async () => {
  await browser.close();
  await stack.close();
});

function expected(url: string): Record<string, string> {
  const key = UI_CLIENT_KEY;
  return {
    'bash / zsh': `# Claude Code
unset CLAUDE_CODE_USE_BEDROCK
unset CLAUDE_CODE_USE_VERTEX
unset CLAUDE_CODE_USE_FOUNDRY
export ANTHROPIC_BASE_URL='${url}'
export ANTHROPIC_AUTH_TOKEN='${key}'
export ANTHROPIC_MODEL='claude-4.5-sonnet'
export ANTHROPIC_SMALL_FAST_MODEL='composer-1'
export ANTHROPIC_DEFAULT_HAIKU_MODEL='composer-1'
export CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY='1'
export CLAUDE_CODE_DISABLE_NONSTREAMING_FALLBACK='1'
export CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC='1'

# OpenAI-compatible clients
export OPENAI_BASE_URL='${url}/v1'
export OPENAI_API_KEY='${key}'

# Codex
export THALAMUS_API_KEY='${key}'
`,
    fish: `# Claude Code
set -e CLAUDE_CODE_USE_BEDROCK
set -e CLAUDE_CODE_USE_VERTEX
set -e CLAUDE_CODE_USE_FOUNDRY
set -gx ANTHROPIC_BASE_URL '${url}'
set -gx ANTHROPIC_AUTH_TOKEN '${key}'
set -gx ANTHROPIC_MODEL 'claude-4.5-sonnet'
set -gx ANTHROPIC_SMALL_FAST_MODEL 'composer-1'
set -gx ANTHROPIC_DEFAULT_HAIKU_MODEL 'composer-1'
set -gx CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY '1'
set -gx CLAUDE_CODE_DISABLE_NONSTREAMING_FALLBACK '1'
set -gx CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC '1'

# OpenAI-compatible clients
set -gx OPENAI_BASE_URL '${url}/v1'
set -gx OPENAI_API_KEY '${key}'

# Codex
set -gx THALAMUS_API_KEY '${key}'
`,
    PowerShell: `# Claude Code
Remove-Item Env:CLAUDE_CODE_USE_BEDROCK -ErrorAction SilentlyContinue
Remove-Item Env:CLAUDE_CODE_USE_VERTEX -ErrorAction SilentlyContinue
Remove-Item Env:CLAUDE_CODE_USE_FOUNDRY -ErrorAction SilentlyContinue
$env:ANTHROPIC_BASE_URL = '${url}'
$env:ANTHROPIC_AUTH_TOKEN = '${key}'
$env:ANTHROPIC_MODEL = 'claude-4.5-sonnet'
$env:ANTHROPIC_SMALL_FAST_MODEL = 'composer-1'
$env:ANTHROPIC_DEFAULT_HAIKU_MODEL = 'composer-1'
$env:CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY = '1'
$env:CLAUDE_CODE_DISABLE_NONSTREAMING_FALLBACK = '1'
$env:CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC = '1'

# OpenAI-compatible clients
$env:OPENAI_BASE_URL = '${url}/v1'
$env:OPENAI_API_KEY = '${key}'

# Codex
$env:THALAMUS_API_KEY = '${key}'
`,
    cmd: `REM Claude Code
set "CLAUDE_CODE_USE_BEDROCK="
set "CLAUDE_CODE_USE_VERTEX="
set "CLAUDE_CODE_USE_FOUNDRY="
set "ANTHROPIC_BASE_URL=${url}"
set "ANTHROPIC_AUTH_TOKEN=${key}"
set "ANTHROPIC_MODEL=claude-4.5-sonnet"
set "ANTHROPIC_SMALL_FAST_MODEL=composer-1"
set "ANTHROPIC_DEFAULT_HAIKU_MODEL=composer-1"
set "CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY=1"
set "CLAUDE_CODE_DISABLE_NONSTREAMING_FALLBACK=1"
set "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1"

REM OpenAI-compatible clients
set "OPENAI_BASE_URL=${url}/v1"
set "OPENAI_API_KEY=${key}"

REM Codex
set "THALAMUS_API_KEY=${key}"
`,
  };
}

describe('env exporter', () => {
  it('shows each shell’s exact snippet, the key hidden until "Show key"', async () => {
    const page = await browser.newPage();
    await page.goto(stack.pageUrl);
    await openView(page, 'Clients');
    const snippet = page.getByTestId('env-snippet');
    await snippet.filter({ hasText: 'ANTHROPIC_MODEL' }).waitFor();
    const masked = (await snippet.textContent())!;
    assert.doesNotMatch(masked, new RegExp(UI_CLIENT_KEY));
    assert.equal(masked, expected(stack.gateway.url)['bash / zsh']!.replaceAll(UI_CLIENT_KEY, `thl_${'•'.repeat(12)}`));
    await screenshot(page, 'env-masked');

    await page.getByTestId('claude-code').getByLabel('Show key').check();
    for (const [tab, text] of Object.entries(expected(stack.gateway.url))) {
      await page.getByRole('tab', { name: tab }).click();
      assert.equal(await page.getByRole('tab', { name: tab }).getAttribute('aria-selected'), 'true');
      assert.equal(await snippet.textContent(), text, tab);
    }
    await screenshot(page, 'env-cmd');
    assert.deepEqual(page.problems(), []);
    await page.close();
  });

  it('Copy puts the full snippet, key included, on the clipboard', async () => {
    const page = await browser.newPage();
    await page.goto(stack.pageUrl);
    await openView(page, 'Clients');
    await page.getByTestId('env-snippet').filter({ hasText: 'ANTHROPIC_MODEL' }).waitFor();
    await page.getByRole('tab', { name: 'fish' }).click();
    await page.getByRole('tabpanel').getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('tabpanel').getByRole('button', { name: 'Copied ✓' }).waitFor();
    assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), expected(stack.gateway.url).fish);
    assert.deepEqual(page.problems(), []);
    await page.close();
  });
});
