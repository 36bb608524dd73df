import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEFAULT_CLIENT_VERSION, clientVersionWithSource, newerInstalledVersion, resolveClientVersion } from '../../src/proxy/cursor/client-version.js';

describe('resolveClientVersion', () => {
  const home = mkdtempSync(join(tmpdir(), 'thalamus-cv-'));
  const emptyHome = mkdtempSync(join(tmpdir(), 'thalamus-cv-empty-'));
  const oldHome = mkdtempSync(join(tmpdir(), 'thalamus-cv-old-'));
  mkdirSync(join(oldHome, '.local', 'share', 'cursor-agent', 'versions', '2026.01.17-d239e66'), { recursive: true });
  const versions = join(home, '.local', 'share', 'cursor-agent', 'versions');
  for (const dir of ['2025.11.25-d5b3271', '2026.11.2-231024f', '2026.10.17-d239e66', '2025.12.30-aaaaaaa', 'latest']) {
    mkdirSync(join(versions, dir), { recursive: true });
  }
  writeFileSync(join(versions, '2027.01.01-fffffff'), 'a file, not a version dir');
  after(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(emptyHome, { recursive: true, force: true });
    rmSync(oldHome, { recursive: true, force: true });
  });

  it('takes THALAMUS_CLIENT_VERSION with or without the cli- prefix', () => {
    assert.equal(resolveClientVersion({ env: { THALAMUS_CLIENT_VERSION: '2026.02.01-abc' }, homeDir: home }), 'cli-2026.02.01-abc');
    assert.equal(resolveClientVersion({ env: { THALAMUS_CLIENT_VERSION: 'cli-2026.02.01-abc' }, homeDir: home }), 'cli-2026.02.01-abc');
  });

  it('else the newest installed cursor-agent version directory, compared by date, when newer than the default', () => {
    assert.deepEqual(clientVersionWithSource({ env: {}, homeDir: home }), { header: 'cli-2026.11.2-231024f', source: 'installed cursor-agent' });
  });

  it('else the built-in default: the newest dated build of cursor-limits.md §5', () => {
    assert.equal(DEFAULT_CLIENT_VERSION, '2026.10.01-e373342');
    assert.deepEqual(clientVersionWithSource({ env: {}, homeDir: emptyHome }), { header: `cli-${DEFAULT_CLIENT_VERSION}`, source: 'built-in default' });
    assert.equal(resolveClientVersion({ env: {}, homeDir: oldHome }), `cli-${DEFAULT_CLIENT_VERSION}`, 'an older install loses to the default');
    assert.equal(clientVersionWithSource({ env: { THALAMUS_CLIENT_VERSION: '2026.02.01-abc' } }).source, 'THALAMUS_CLIENT_VERSION');
  });

  it('after an OUTDATED_CLIENT, finds an installed build newer than the one sent, else nothing', () => {
    assert.equal(newerInstalledVersion('cli-2026.10.01-e373342', { homeDir: home }), 'cli-2026.11.2-231024f');
    assert.equal(newerInstalledVersion('cli-2026.12.01-0000000', { homeDir: home }), undefined);
    assert.equal(newerInstalledVersion('cli-2026.10.01-e373342', { homeDir: emptyHome }), undefined);
  });
});
