import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FallbackSyntaxError } from '../../src/proxy/resilience/fallback-chain.js';
import { fallbackChainsSource } from '../../src/proxy/resilience/fallback-source.js';
import { LiveSettings, SETTINGS_FILE } from '../../src/proxy/app/settings-store.js';

const root = mkdtempSync(join(tmpdir(), 'thalamus-fallback-'));
after(() => rmSync(root, { recursive: true, force: true }));

function writeSettings(dir: string, fallback: unknown, mtimeSeconds: number) {
  const path = join(dir, SETTINGS_FILE);
  writeFileSync(path, JSON.stringify({ port: 3013, fallback }));
  utimesSync(path, mtimeSeconds, mtimeSeconds);
}

function freshDir(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  return dir;
}

describe('fallbackChainsSource', () => {
  it('THALAMUS_FALLBACK wins, and a malformed one throws at once', () => {
    const dir = freshDir('env');
    writeSettings(dir, 'a>b', 1000);
    assert.deepEqual([...fallbackChainsSource('gpt-5>default', new LiveSettings(dir))()], [['gpt-5', ['default']]]);
    assert.throws(() => fallbackChainsSource('gpt-5', new LiveSettings(dir)), FallbackSyntaxError);
  });

  it('otherwise follows the settings file as it changes, and says why it ignores a bad value', () => {
    const dir = freshDir('settings');
    const ignored: string[] = [];
    const chains = fallbackChainsSource(undefined, new LiveSettings(dir, (why) => ignored.push(why)));
    assert.equal(chains().size, 0, 'no file yet');
    writeSettings(dir, 'gpt-5>composer-1', 1000);
    assert.deepEqual([...chains()], [['gpt-5', ['composer-1']]]);
    writeSettings(dir, 'claude-4.5-sonnet>default', 2000);
    assert.deepEqual([...chains()], [['claude-4.5-sonnet', ['default']]]);
    assert.deepEqual(ignored, []);
    writeSettings(dir, 'broken', 3000);
    assert.equal(chains().size, 0, 'a value the settings store would refuse means no chains');
    assert.equal(ignored.length, 1);
    assert.match(ignored[0]!, /^fallback must be chains like/);
    chains();
    assert.equal(ignored.length, 1, 'said once per change of the file, not per look');
  });
});
