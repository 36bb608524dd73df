import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AUTOSTART_FILE, applyOpenAtLogin, autostartEntry } from '../../src/main/login-item.js';
import { MainSettings, settingsEffects, type SettingsEffect } from '../../src/main/settings.js';
import { DEFAULT_SETTINGS, SettingsStore } from '../../src/proxy/app/settings-store.js';
import type { Settings } from '../../src/shared/thalamus-api.js';

describe('main settings', () => {
  test('effects: a new port restarts the gateway, open-at-login goes to the OS, models change nothing', () => {
    const before: Settings = { ...DEFAULT_SETTINGS };
    assert.deepEqual(settingsEffects(before, { ...before, port: 4000 }), ['restart-gateway']);
    assert.deepEqual(settingsEffects(before, { ...before, openAtLogin: true }), ['apply-open-at-login']);
    assert.deepEqual(settingsEffects(before, { ...before, defaultModel: 'gpt-5', smallFastModel: 'haiku' }), []);
  });

  test('updates go through the validated store on disk and are reported with their effects', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'thalamus-settings-'));
    try {
      const settings = new MainSettings(new SettingsStore(dir));
      assert.deepEqual(await settings.load(), DEFAULT_SETTINGS);
      const seen: Array<[number, SettingsEffect[]]> = [];
      settings.onChange((after, effects) => seen.push([after.port, effects]));
      assert.equal((await settings.update({ port: 4000, openAtLogin: true })).port, 4000);
      assert.deepEqual(seen, [[4000, ['restart-gateway', 'apply-open-at-login']]]);
      assert.equal(settings.current().port, 4000);
      assert.equal(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')).port, 4000);

      await assert.rejects(settings.update({ port: 70000 }), /port must be a port number/);
      await assert.rejects(settings.update({ color: 'blue' }), /unknown setting "color"/);
      assert.equal(settings.current().port, 4000, 'a rejected patch changes nothing');
      assert.equal(seen.length, 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('open at login', () => {
  test('macOS and Windows use the login item', async () => {
    const calls: Array<{ openAtLogin: boolean }> = [];
    await applyOpenAtLogin(true, { platform: 'darwin', setLoginItemSettings: (s) => calls.push(s), autostartDir: '/nowhere', launchCommand: '' });
    await applyOpenAtLogin(false, { platform: 'win32', setLoginItemSettings: (s) => calls.push(s), autostartDir: '/nowhere', launchCommand: '' });
    assert.deepEqual(calls, [{ openAtLogin: true }, { openAtLogin: false }]);
  });

  test('Linux writes and removes an XDG autostart entry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'thalamus-autostart-'));
    try {
      const host = { platform: 'linux' as const, setLoginItemSettings: () => assert.fail('not on Linux'), autostartDir: join(dir, 'autostart'), launchCommand: '/opt/Thalamus/thalamus' };
      await applyOpenAtLogin(true, host);
      const entry = await readFile(join(dir, 'autostart', AUTOSTART_FILE), 'utf8');
      assert.match(entry, /^\[Desktop Entry\]\n/);
      assert.match(entry, /^Exec="\/opt\/Thalamus\/thalamus"$/m);
      await applyOpenAtLogin(false, host);
      await assert.rejects(readFile(join(dir, 'autostart', AUTOSTART_FILE)), { code: 'ENOENT' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('the Exec path is quoted and escaped', () => {
    assert.match(autostartEntry('/home/a b/My "App"$1.AppImage'), /^Exec="\/home\/a b\/My \\"App\\"\\\$1\.AppImage"$/m);
  });
});
