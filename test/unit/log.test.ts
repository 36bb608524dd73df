import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, redact } from '../../src/proxy/log/logger.js';
import { redactValue, rememberedSecrets, rememberSecret } from '../../src/proxy/log/redact.js';

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhdXRoMHx1c2VyIiwiZXhwIjoxOTAwMDAwMDAwfQ.c2lnbmF0dXJlLWJ5dGVz';

test('tokens never reach a log line, whatever field they hide in', () => {
  const lines: string[] = [];
  const logger = createLogger((line) => lines.push(line));
  logger.error(`upstream said no for Bearer ${jwt}`, { cookie: `user_01ABC::${jwt}`, key: 'thl_abcdefghijklmnopqrstuvwxyz' });
  assert.equal(lines.length, 1);
  assert.doesNotMatch(lines[0], /eyJ|abcdefghijklmnop|user_01ABC::/);
  assert.match(lines[0], /Bearer \[redacted\]/);
  assert.equal(JSON.parse(lines[0]).level, 'error');
});

test('ordinary text is left alone', () => {
  assert.equal(redact('model claude-4.5-sonnet answered in 120 ms'), 'model claude-4.5-sonnet answered in 120 ms');
});

test('a remembered secret is removed by value, in any shape, where no pattern would catch it', () => {
  // A Cursor API key has no telltale shape: only its value gives it away.
  const apiKey = 'key_5f1e0c2ab7d94e3f8a61';
  rememberSecret(apiKey);
  const lines: string[] = [];
  createLogger((line) => lines.push(line)).warn('login failed', { body: `{"apiKey":"${apiKey}"}`, url: `https://x/?k=${encodeURIComponent(apiKey)}` });
  assert.ok(!lines[0]!.includes(apiKey));
  assert.equal(redact(`a ${apiKey} b`), 'a [redacted] b');
  assert.ok(rememberedSecrets().includes(apiKey));
  // A value given just for one call (a report knows secrets this process never saw).
  assert.equal(redact('x plain-secret-value y', ['plain-secret-value']), 'x [redacted] y');
  assert.deepEqual(redactValue({ nested: [`${apiKey}!`] }), { nested: ['[redacted]!'] });
});

test('short values are never treated as secrets', () => {
  rememberSecret('abc');
  assert.equal(redact('abc abc'), 'abc abc');
});
