import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_BACKOFF, restartDelay } from '../../src/main/backoff.js';

test('restart delays double from 1 s and stop at 30 s', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 20].map((failures) => restartDelay(failures, DEFAULT_BACKOFF)),
    [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000],
  );
});
