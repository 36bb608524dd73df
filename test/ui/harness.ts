// A real gateway with the web UI on a scripted fake Cursor, and headless Debian Chromium on it
// (playwright-core; no browser is ever downloaded). Each harness has its own config dir and
// Claude Code settings dir, so nothing touches the user's files.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startFakeCursor, type FakeCursor, type RunScript } from '../../src/fake-cursor/index.js';
import type { TokenProvider } from '../../src/proxy/auth/token-provider.js';
import { EnvTokenProvider } from '../../src/proxy/cursor/env-token-provider.js';
import { startGateway, type RunningGateway } from '../../src/proxy/app/gateway.js';
import { silentLogger } from '../../src/proxy/log/logger.js';

export const UI_CLIENT_KEY = 'thl_ui_test_key_0123456789abcdef';
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts/ui/', import.meta.url));
const BUILT_UI = fileURLToPath(new URL('../../dist/renderer/index.html', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';

/** A JWT-shaped Cursor token for `email`, valid until 2030-01-01T00:00:00Z. */
export function testToken(email: string): string {
  return ['{"alg":"none"}', JSON.stringify({ sub: 'ui-test', email, exp: 1893456000 })].map((part) => Buffer.from(part).toString('base64url')).join('.') + '.sig';
}

export interface UiStack {
  gateway: RunningGateway;
  /** The scripted upstream (the demo's own when `demo`). */
  fake: FakeCursor;
  configDir: string;
  /** CLAUDE_CONFIG_DIR: Claude Code's settings.json lives here. */
  claudeDir: string;
  /** CODEX_HOME: Codex's config.toml lives here. */
  codexDir: string;
  /** The page URL as `serve --ui` prints it, key in the fragment. */
  pageUrl: string;
  close(): Promise<void>;
}

export interface UiStackOptions {
  script?: RunScript;
  /** Serve the built-in demo backend (no token). */
  demo?: boolean;
  tokenProvider?: TokenProvider;
  /**
   * The gateway opens the real login module on the fake's auth endpoints (tokens in a file, no
   * keychain). Nobody is logged in, so it serves the demo until a login.
   */
  cursorLogin?: boolean;
  port?: number;
}

export async function startUiStack(options: UiStackOptions = {}): Promise<UiStack> {
  if (!existsSync(BUILT_UI)) throw new Error('dist/renderer is missing: run `npm run build:ui` (npm run test:ui does)');
  const root = await mkdtemp(join(tmpdir(), 'thalamus-ui-'));
  const configDir = join(root, 'config');
  const claudeDir = join(root, 'claude');
  await mkdir(claudeDir);
  const codexDir = join(root, 'codex');
  await mkdir(codexDir);
  const fake = options.demo ? undefined : await startFakeCursor({ script: options.script });
  const loginEnv = options.cursorLogin ? { THALAMUS_CURSOR_LOGIN_URL: 'https://cursor.example', THALAMUS_KEYCHAIN: 'off', HOME: root } : {};
  const gateway = await startGateway({
    port: options.port ?? 0,
    ui: true,
    demo: options.demo,
    announce: false,
    logger: silentLogger,
    env: {
      THALAMUS_CONFIG_DIR: configDir,
      THALAMUS_API_KEY: UI_CLIENT_KEY,
      CLAUDE_CONFIG_DIR: claudeDir,
      CODEX_HOME: codexDir,
      ...(fake ? { THALAMUS_CURSOR_BASE_URL: fake.url } : {}),
      ...loginEnv,
    },
    tokenProvider: options.cursorLogin
      ? undefined
      : (options.tokenProvider ?? new EnvTokenProvider(options.demo ? {} : { THALAMUS_CURSOR_TOKEN: testToken('ada@example.com') })),
  });
  return {
    gateway,
    fake: fake ?? gateway.fakeCursor!,
    configDir,
    claudeDir,
    codexDir,
    pageUrl: `${gateway.url}/ui/#key=${UI_CLIENT_KEY}`,
    async close() {
      await gateway.close();
      await fake?.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  context: BrowserContext;
  /** A new tab that records page errors and CSP refusals; `problems()` lists them. */
  newPage(): Promise<Page & { problems(): string[] }>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'thalamus-ui-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: 'light',
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  // Waits are for events; a UI that never shows what a test waits for fails in 10 s, not 30.
  context.setDefaultTimeout(10_000);
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // Failed fetches (a 501 on purpose) are logged by Chromium itself; they are not page faults.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
      });
      return Object.assign(page, { problems: () => problems });
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

/** Shows one of the app's views (Overview, Usage, Requests, Clients, Settings) from the sidebar. */
export async function openView(page: Page, name: string): Promise<void> {
  const entry = page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
  await entry.click();
  await page.getByRole('region', { name, exact: true }).waitFor();
}

export interface UiSession {
  readonly browser: Browser;
  readonly stack: UiStack;
}

/** A browser and one UI stack for the whole test file: started before its tests, closed after them. */
export function uiSession(options: UiStackOptions = {}): UiSession {
  let browser: Browser | undefined;
  let stack: UiStack | undefined;
  before(async () => {
    browser = await launchBrowser();
    stack = await startUiStack(options);
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });
  return {
    get browser() {
      return browser!;
    },
    get stack() {
      return stack!;
    },
  };
}
