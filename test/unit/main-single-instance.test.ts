import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { claimSingleInstance, LinkInbox, type InstanceHost } from '../../src/main/single-instance.js';

const LINK = 'thalamus://login/callback?uuid=3f1c2a9e-1b2c-4d3e-8f40-5a6b7c8d9e0f';

function fakeHost(locked = true) {
  const calls: Array<[string, ...unknown[]]> = [];
  let secondInstance: ((argv: string[]) => void) | undefined;
  let openUrl: ((url: string) => void) | undefined;
  const host: InstanceHost = {
    requestSingleInstanceLock: () => locked,
    onSecondInstance: (listener) => void (secondInstance = listener),
    onOpenUrl: (listener) => void (openUrl = listener),
    setAsDefaultProtocolClient: (...args) => (calls.push(['setAsDefaultProtocolClient', ...args]), true),
  };
  return { host, calls, secondInstance: (argv: string[]) => secondInstance?.(argv), openUrl: (url: string) => openUrl?.(url) };
}

function target() {
  const seen: string[] = [];
  return { seen, openLink: (url: string) => seen.push(`link ${url}`), showWindow: () => seen.push('show') };
}

describe('single instance', () => {
  test('a second instance gets no lock and registers nothing', () => {
    const fake = fakeHost(false);
    assert.equal(claimSingleInstance(fake.host, { argv: ['/app/thalamus'], defaultApp: false, execPath: '/app/thalamus' }, target()), false);
    assert.deepEqual(fake.calls, []);
  });

  test('registers thalamus:// and routes links from a second launch, open-url and the first argv', () => {
    const fake = fakeHost();
    const t = target();
    assert.equal(claimSingleInstance(fake.host, { argv: ['/app/thalamus', LINK], defaultApp: false, execPath: '/app/thalamus' }, t), true);
    assert.deepEqual(fake.calls, [['setAsDefaultProtocolClient', 'thalamus']]);
    fake.secondInstance(['/app/thalamus', '--no-sandbox', 'thalamus://login']);
    fake.secondInstance(['/app/thalamus']);
    fake.openUrl(LINK);
    assert.deepEqual(t.seen, [`link ${LINK}`, 'link thalamus://login', 'show', `link ${LINK}`]);
  });

  test('in development the OS is told to start electron with the app path', () => {
    const fake = fakeHost();
    claimSingleInstance(fake.host, { argv: ['/dev/electron', 'dist/main/index.js'], defaultApp: true, execPath: '/dev/electron' }, target());
    assert.deepEqual(fake.calls, [['setAsDefaultProtocolClient', 'thalamus', '/dev/electron', [resolve('dist/main/index.js')]]]);
  });

  test('links that come before the app is ready wait, later ones go straight through', () => {
    const inbox = new LinkInbox();
    const handled: string[] = [];
    inbox.push('thalamus://login');
    inbox.push(LINK);
    assert.equal(handled.length, 0);
    inbox.ready((url) => handled.push(url));
    inbox.push('thalamus://later');
    assert.deepEqual(handled, ['thalamus://login', LINK, 'thalamus://later']);
  });
});
