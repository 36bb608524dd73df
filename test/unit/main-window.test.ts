import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { contentSecurityPolicy, rendererFilePath, rendererResponse, RENDERER_ENTRY_URL } from '../../src/main/renderer-protocol.js';
import { mainWindowOptions, navigationDecision, windowOpenDecision } from '../../src/main/window-policy.js';

describe('window policy', () => {
  test('the renderer is isolated: context isolation, sandbox, no Node, the preload given', () => {
    const prefs = mainWindowOptions('/app/dist/preload/index.cjs').webPreferences;
    assert.equal(prefs?.contextIsolation, true);
    assert.equal(prefs?.nodeIntegration, false);
    assert.equal(prefs?.sandbox, true);
    assert.equal(prefs?.webviewTag, false);
    assert.equal(prefs?.preload, '/app/dist/preload/index.cjs');
  });

  test('navigation: app pages stay, web links go to the browser, the rest is refused', () => {
    assert.equal(navigationDecision('app://thalamus/index.html#/chat'), 'allow');
    assert.equal(navigationDecision('https://cursor.com/loginDeepControl?x=1'), 'open-external');
    assert.equal(navigationDecision('http://127.0.0.1:3013/health'), 'open-external');
    assert.equal(navigationDecision('file:///etc/passwd'), 'deny');
    assert.equal(navigationDecision('app://elsewhere/index.html'), 'deny');
    assert.equal(navigationDecision('javascript:alert(1)'), 'deny');
    assert.equal(navigationDecision('not a url'), 'deny');
  });

  test('new windows are never opened in the app', () => {
    assert.equal(windowOpenDecision('https://cursor.com/dashboard'), 'open-external');
    assert.equal(windowOpenDecision('app://thalamus/index.html'), 'deny');
    assert.equal(windowOpenDecision('file:///tmp/x'), 'deny');
  });
});

describe('app:// renderer protocol', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'thalamus-renderer-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Thalamus</title>');
    await writeFile(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('the CSP allows the app itself and the gateway on loopback, nothing else', () => {
    const csp = contentSecurityPolicy('http://127.0.0.1:3013');
    assert.match(csp, /(^|; )default-src 'none'(;|$)/);
    assert.match(csp, /(^|; )script-src 'self'(;|$)/);
    assert.match(csp, /(^|; )connect-src http:\/\/127\.0\.0\.1:3013(;|$)/);
    assert.match(csp, /(^|; )frame-ancestors 'none'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.match(contentSecurityPolicy(undefined), /connect-src 'none'/);
  });

  test('serves the entry and assets with the CSP and a content type', async () => {
    const page = await rendererResponse(RENDERER_ENTRY_URL, dir, 'http://127.0.0.1:4000');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(page.headers['content-security-policy'] ?? '', /connect-src http:\/\/127\.0\.0\.1:4000/);
    assert.equal(Buffer.from(page.body!).toString(), '<!doctype html><title>Thalamus</title>');
    const script = await rendererResponse('app://thalamus/assets/index-abc.js', dir, undefined);
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal((await rendererResponse('app://thalamus/', dir, undefined)).status, 200, '/ is the entry');
    assert.equal((await rendererResponse('app://thalamus/missing.js', dir, undefined)).status, 404);
    assert.equal((await rendererResponse('app://thalamus/assets', dir, undefined)).status, 404);
  });

  test('never serves a file outside the renderer folder', () => {
    // URL parsing resolves literal and %2e dot segments at the root, so these stay inside.
    assert.equal(rendererFilePath('app://thalamus/../../etc/passwd', dir), join(dir, 'etc', 'passwd'));
    assert.equal(rendererFilePath('app://thalamus/%2e%2e/%2e%2e/etc/passwd', dir), join(dir, 'etc', 'passwd'));
    // An encoded slash survives parsing and decodes to a real `..`: refused.
    assert.equal(rendererFilePath('app://thalamus/..%2f..%2fetc%2fpasswd', dir), undefined);
    assert.equal(rendererFilePath('app://thalamus/a%00b', dir), undefined);
    assert.equal(rendererFilePath('app://other/index.html', dir), undefined);
    assert.equal(rendererFilePath('https://thalamus/index.html', dir), undefined);
  });
});
