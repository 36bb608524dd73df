import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_SETTINGS, LiveSettings, SettingsError, SettingsStore, validateSettingsPatch } from '../../src/proxy/app/settings-store.js';

describe('settings store', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'thalamus-settings-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const store = async (name: string) => new SettingsStore(await mkdtemp(join(dir, name)));

  it('reads the defaults when there is no file', async () => {
    assert.deepEqual(await (await store('none')).read(), DEFAULT_SETTINGS);
  });

  it('persists a valid patch and keeps the other settings', async () => {
    const settings = await store('patch');
    assert.deepEqual(await settings.update({ defaultModel: 'gpt-5' }), { ...DEFAULT_SETTINGS, defaultModel: 'gpt-5' });
    await settings.update({ smallFastModel: 'composer-1', openAtLogin: true });
    assert.deepEqual(JSON.parse(await readFile(settings.path, 'utf8')), { ...DEFAULT_SETTINGS, defaultModel: 'gpt-5', smallFastModel: 'composer-1', openAtLogin: true });
    assert.deepEqual(await new SettingsStore(join(settings.path, '..')).read(), { ...DEFAULT_SETTINGS, defaultModel: 'gpt-5', smallFastModel: 'composer-1', openAtLogin: true });
  });

  it('keeps the usage limits, and null turns one off', async () => {
    const settings = await store('limits');
    await settings.update({ dailyRequestLimit: 200, apiPoolStopPercent: 90 });
    assert.deepEqual(await settings.update({ dailyRequestLimit: null }), { ...DEFAULT_SETTINGS, apiPoolStopPercent: 90 });
  });

  it('rejects unknown keys and bad values, writing nothing', async () => {
    const settings = await store('reject');
    for (const patch of [{ colour: 'red' }, { port: 70000 }, { port: '3013' }, { defaultModel: 'has space' }, { openAtLogin: 'yes' }, { dailyRequestLimit: 0 }, { dailyRequestLimit: 2.5 }, { apiPoolStopPercent: 101 }, [], null]) {
      await assert.rejects(settings.update(patch), SettingsError, JSON.stringify(patch));
    }
    await assert.rejects(readFile(settings.path), { code: 'ENOENT' });
    assert.throws(() => validateSettingsPatch({ port: 1.5 }), /port must be a port number/);
  });

  it('a damaged file falls back to defaults key by key', async () => {
    const settings = await store('damaged');
    await writeFile(settings.path, JSON.stringify({ port: 'nope', defaultModel: 'claude-4.5-sonnet', extra: 1 }));
    assert.deepEqual(await settings.read(), { ...DEFAULT_SETTINGS, defaultModel: 'claude-4.5-sonnet' });
    await writeFile(settings.path, '{ not json');
    assert.deepEqual(await settings.read(), DEFAULT_SETTINGS);
  });

  it('patches sent at once are all kept', async () => {
    const settings = await store('concurrent');
    await Promise.all([settings.update({ defaultModel: 'gpt-5' }), settings.update({ smallFastModel: 'composer-1' }), settings.update({ port: 4000 })]);
    assert.deepEqual(await settings.read(), { ...DEFAULT_SETTINGS, defaultModel: 'gpt-5', smallFastModel: 'composer-1', port: 4000 });
  });

  it('live settings see every write, even one of the same size in the same instant', async () => {
    const settings = await store('live');
    const live = new LiveSettings(join(settings.path, '..'));
    assert.deepEqual(live.current(), DEFAULT_SETTINGS);
    await settings.update({ defaultModel: 'gpt-5a' });
    assert.equal(live.current().defaultModel, 'gpt-5a');
    const { mtime } = await stat(settings.path);
    // An atomic write is a new file: same size, mtime set back, still a new version.
    await settings.update({ defaultModel: 'gpt-5b' });
    await utimes(settings.path, mtime, mtime);
    assert.equal(live.current().defaultModel, 'gpt-5b');
    await rm(settings.path);
    assert.deepEqual(live.current(), DEFAULT_SETTINGS, 'a removed file is the defaults');
  });
});
