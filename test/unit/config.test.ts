import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEnvConfig } from '../../src/proxy/app/config.js';

test('defaults follow the configuration contract', () => {
  const config = readEnvConfig({ HOME: '/home/u' }, 'linux');
  assert.equal(config.cursorBaseUrl, 'https://api2.cursor.sh');
  assert.equal(config.configDir, '/home/u/.config/thalamus');
  assert.equal(config.cursorToken, undefined);
});

test('every THALAMUS_ variable is honoured', () => {
  const config = readEnvConfig(
    {
      THALAMUS_CURSOR_BASE_URL: 'http://127.0.0.1:9',
      THALAMUS_CURSOR_TOKEN: 't',
      THALAMUS_CLIENT_VERSION: '2026.01.17-d239e66',
      THALAMUS_API_KEY: 'k',
      THALAMUS_CONFIG_DIR: '/tmp/c',
      THALAMUS_FIRST_BYTE_TIMEOUT_MS: '45000',
      THALAMUS_FALLBACK: 'gpt-5.1>default',
    },
    'linux',
  );
  assert.deepEqual(config, {
    cursorBaseUrl: 'http://127.0.0.1:9',
    cursorToken: 't',
    clientVersion: '2026.01.17-d239e66',
    clientKey: 'k',
    configDir: '/tmp/c',
    firstByteTimeoutMs: 45000,
    fallback: 'gpt-5.1>default',
  });
});

test('a first-byte timeout that is not a positive number means the default', () => {
  for (const value of ['', '0', '-5', 'soon']) assert.equal(readEnvConfig({ THALAMUS_FIRST_BYTE_TIMEOUT_MS: value }, 'linux').firstByteTimeoutMs, undefined);
});

test('the config dir is the platform app-config folder', () => {
  assert.equal(readEnvConfig({ HOME: '/Users/u' }, 'darwin').configDir, '/Users/u/Library/Application Support/Thalamus');
  assert.equal(readEnvConfig({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32').configDir.endsWith('Thalamus'), true);
  assert.equal(readEnvConfig({ HOME: '/h', XDG_CONFIG_HOME: '/x' }, 'linux').configDir, '/x/thalamus');
});
