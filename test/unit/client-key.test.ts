import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateClientKey, CLIENT_KEY_FILE } from '../../src/proxy/app/client-key.js';

test('a key is generated once, kept 0600 in the config dir, and reused', async () => {
  const dir = join(await mkdtemp(join(tmpdir(), 'thalamus-key-')), 'nested');
  const first = await loadOrCreateClientKey(dir);
  assert.match(first.key, /^thl_[\w-]{32}$/);
  assert.equal(first.source, 'config-dir');
  assert.equal((await stat(join(dir, CLIENT_KEY_FILE))).mode & 0o777, 0o600);
  assert.equal((await readFile(join(dir, CLIENT_KEY_FILE), 'utf8')).trim(), first.key);
  const second = await loadOrCreateClientKey(dir);
  assert.equal(second.key, first.key);
});

test('THALAMUS_API_KEY wins over the stored key', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'thalamus-key-'));
  await loadOrCreateClientKey(dir);
  const key = await loadOrCreateClientKey(dir, 'from-env');
  assert.deepEqual(key, { key: 'from-env', source: 'env' });
});
