import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkClientKey, checkHost, classifyOrigin, exposureWarning, presentedKeys } from '../../src/proxy/http/security.js';

describe('checkHost', () => {
  it('passes loopback names with or without a port', () => {
    for (const host of ['127.0.0.1', '127.0.0.1:3013', 'localhost', 'LOCALHOST:80', '[::1]', '[::1]:3013']) {
      assert.equal(checkHost(host, []), undefined, host);
    }
  });

  it('refuses other names (DNS rebinding) unless listed, and a missing Host', () => {
    for (const host of ['evil.example', 'evil.example:3013', '127.0.0.1.evil.example', '0.0.0.0:3013', undefined]) {
      assert.equal(checkHost(host, [])?.kind, 'forbidden', String(host));
    }
    assert.equal(checkHost('box.lan:3013', ['box.lan']), undefined);
    assert.equal(checkHost('box.lan:3013', ['box.lan:3013']), undefined);
  });
});

describe('classifyOrigin', () => {
  it('tells no origin, same-origin loopback, listed and foreign apart', () => {
    assert.equal(classifyOrigin(undefined, '127.0.0.1:3013', []), 'none');
    assert.equal(classifyOrigin('http://127.0.0.1:3013', '127.0.0.1:3013', []), 'same-origin');
    assert.equal(classifyOrigin('http://127.0.0.1:9999', '127.0.0.1:3013', []), 'forbidden');
    assert.equal(classifyOrigin('https://app.example', '127.0.0.1:3013', ['https://app.example']), 'listed');
    assert.equal(classifyOrigin('https://evil.example', '127.0.0.1:3013', []), 'forbidden');
    assert.equal(classifyOrigin('null', '127.0.0.1:3013', []), 'forbidden');
    // A rebinding page is "same-origin" with its Host, but not on a loopback name.
    assert.equal(classifyOrigin('http://evil.example:3013', 'evil.example:3013', []), 'forbidden');
  });
});

describe('client key', () => {
  it('reads x-api-key and Bearer, and accepts when either matches', () => {
    assert.deepEqual(presentedKeys({ 'x-api-key': 'a', authorization: 'Bearer b' }), ['a', 'b']);
    assert.deepEqual(presentedKeys({ authorization: 'bearer  c ' }), ['c']);
    assert.deepEqual(presentedKeys({ authorization: 'Basic xyz' }), []);
    assert.equal(checkClientKey(['dummy', 'secret'], 'secret'), undefined);
    assert.equal(checkClientKey(['secret'], 'secret'), undefined);
  });

  it('refuses a missing or wrong key as unauthenticated without echoing it', () => {
    assert.match(checkClientKey([], 'secret')!.message, /missing client key/);
    const wrong = checkClientKey(['secre'], 'secret')!;
    assert.equal(wrong.kind, 'unauthenticated');
    assert.ok(!wrong.message.includes('secre'));
  });
});

describe('exposureWarning', () => {
  it('is silent for loopback binds', () => {
    for (const host of ['127.0.0.1', '127.0.1.1', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) assert.equal(exposureWarning(host), undefined, host);
  });

  it('names the risk for any other bind', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'my-laptop.local']) {
      const warning = exposureWarning(host);
      assert.match(warning ?? '', new RegExp(`--host ${host.replace(/\./g, '\\.')} is not loopback`));
      assert.match(warning!, /client key can spend your Cursor subscription/);
      assert.match(warning!, /unencrypted/);
    }
  });
});
