import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, redact } from '../../src/proxy/log.js';

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
