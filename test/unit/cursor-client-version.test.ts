import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEFAULT_CLIENT_VERSION, resolveClientVersion } from '../../src/proxy/cursor/client-version.js';

describe('resolveClientVersion', () => {
  const home = mkdtempSync(join(tmpdir(), 'thalamus-cv-'));
  const emptyHome = mkdtempSync(join(tmpdir(), 'thalamus-cv-empty-'));
  const versions = join(home, '.local', 'share', 'cursor-agent', 'versions');
  for (const dir of ['2025.11.25-d5b3271', '2026.1.9-231024f', '2026.01.17-d239e66', '2025.12.30-aaaaaaa', 'latest']) {
    mkdirSync(join(versions, dir), { recursive: true });
  }
  writeFileSync(join(versions, '2027.01.01-fffffff'), 'a file, not a version dir');
  after(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(emptyHome, { recursive: true, force: true });
  });

  it('takes THALAMUS_CLIENT_VERSION with or without the cli- prefix', () => {
    assert.equal(resolveClientVersion({ env: { THALAMUS_CLIENT_VERSION: '2026.02.01-abc' }, homeDir: home }), 'cli-2026.02.01-abc');
    assert.equal(resolveClientVersion({ env: { THALAMUS_CLIENT_VERSION: 'cli-2026.02.01-abc' }, homeDir: home }), 'cli-2026.02.01-abc');
  });

  it('else the newest installed cursor-agent version directory, compared by date', () => {
    assert.equal(resolveClientVersion({ env: {}, homeDir: home }), 'cli-2026.01.17-d239e66');
  });

  it('else the built-in default', () => {
    assert.equal(resolveClientVersion({ env: {}, homeDir: emptyHome }), `cli-${DEFAULT_CLIENT_VERSION}`);
    assert.equal(DEFAULT_CLIENT_VERSION, '2026.01.17-d239e66');
  });
});
