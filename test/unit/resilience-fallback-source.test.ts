import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { silentLogger } from '../../src/proxy/log.js';
import { FallbackSyntaxError } from '../../src/proxy/resilience/fallback-chain.js';
import { fallbackChainsSource } from '../../src/proxy/resilience/fallback-source.js';

const dir = mkdtempSync(join(tmpdir(), 'thalamus-fallback-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function writeSettings(path: string, fallback: unknown, mtimeSeconds: number) {
  writeFileSync(path, JSON.stringify({ port: 3013, fallback }));
  utimesSync(path, mtimeSeconds, mtimeSeconds);
}

describe('fallbackChainsSource', () => {
  it('THALAMUS_FALLBACK wins, and a malformed one throws at once', () => {
    const path = join(dir, 'env.json');
    writeSettings(path, 'a>b', 1000);
    assert.deepEqual([...fallbackChainsSource('gpt-5>default', path, silentLogger)()], [['gpt-5', ['default']]]);
    assert.throws(() => fallbackChainsSource('gpt-5', path, silentLogger), FallbackSyntaxError);
  });

  it('otherwise follows the settings file as it changes', () => {
    const path = join(dir, 'settings.json');
    const chains = fallbackChainsSource(undefined, path, silentLogger);
    assert.equal(chains().size, 0, 'no file yet');
    writeSettings(path, 'gpt-5>composer-1', 1000);
    assert.deepEqual([...chains()], [['gpt-5', ['composer-1']]]);
    writeSettings(path, 'claude-4.5-sonnet>default', 2000);
    assert.deepEqual([...chains()], [['claude-4.5-sonnet', ['default']]]);
    writeSettings(path, 'broken', 3000);
    assert.equal(chains().size, 0, 'a value the settings store would refuse means no chains');
  });
});
