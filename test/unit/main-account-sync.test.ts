import assert from 'node:assert/strict';
import { test } from 'node:test';
import { engineActionForAccount } from '../../src/main/account-sync.js';
import { environmentText } from '../../src/main/env-export.js';
import { DEFAULT_SETTINGS } from '../../src/proxy/app/settings-store.js';

const IN = { loggedIn: true, needsLogin: false };
const OUT = { loggedIn: false, needsLogin: false };

test('logging in or out switches between demo and Cursor with a fresh engine; a new token is handed over', () => {
  assert.equal(engineActionForAccount({ state: 'running', demo: true }, IN), 'restart');
  assert.equal(engineActionForAccount({ state: 'running', demo: false }, OUT), 'restart');
  assert.equal(engineActionForAccount({ state: 'running', demo: false }, IN), 'send-token');
  assert.equal(engineActionForAccount({ state: 'running', demo: true }, OUT), 'none');
  assert.equal(engineActionForAccount({ state: 'stopped', demo: false }, IN), 'none');
  assert.equal(engineActionForAccount({ state: 'error', demo: true }, IN), 'none');
});

test('the copied environment is in the platform’s shell and carries the chosen models', () => {
  const settings = { ...DEFAULT_SETTINGS, defaultModel: 'gpt-5', smallFastModel: '', opusModel: 'claude-4.1-opus', haikuModel: 'claude-via-cursor-composer-1' };
  const bash = environmentText({ platform: 'darwin', baseUrl: 'http://127.0.0.1:3013', clientKey: 'thl_k', settings });
  assert.match(bash, /^export ANTHROPIC_DEFAULT_OPUS_MODEL='claude-4\.1-opus'$/m);
  assert.match(bash, /^export ANTHROPIC_DEFAULT_HAIKU_MODEL='claude-via-cursor-composer-1'$/m);
  assert.doesNotMatch(bash, /ANTHROPIC_DEFAULT_SONNET_MODEL/);
  assert.match(bash, /^unset CLAUDE_CODE_USE_BEDROCK$/m);
  assert.match(bash, /^export ANTHROPIC_BASE_URL='http:\/\/127\.0\.0\.1:3013'$/m);
  assert.match(bash, /^export ANTHROPIC_AUTH_TOKEN='thl_k'$/m);
  assert.match(bash, /^export ANTHROPIC_MODEL='gpt-5'$/m);
  assert.doesNotMatch(bash, /ANTHROPIC_SMALL_FAST_MODEL/);
  const powershell = environmentText({ platform: 'win32', baseUrl: 'http://127.0.0.1:3013', clientKey: 'thl_k', settings });
  assert.match(powershell, /^\$env:ANTHROPIC_BASE_URL = 'http:\/\/127\.0\.0\.1:3013'$/m);
});
