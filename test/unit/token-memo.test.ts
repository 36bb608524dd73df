import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MEMO_MIN_CHARS, TokenMemo } from '../../src/proxy/tokens/token-memo.js';

/** A counter that records which texts it was asked to count. */
function recordingCounter() {
  const calls: string[] = [];
  return { calls, count: (text: string) => (calls.push(text), text.length) };
}

describe('TokenMemo', () => {
  it('counts a long text once and answers repeats from memory', () => {
    const memo = new TokenMemo();
    const counter = recordingCounter();
    const text = 'x'.repeat(MEMO_MIN_CHARS);
    assert.equal(memo.count(text, counter.count), MEMO_MIN_CHARS);
    // An equal string built anew, as a fresh request body would carry it.
    assert.equal(memo.count('x'.repeat(MEMO_MIN_CHARS), counter.count), MEMO_MIN_CHARS);
    assert.deepEqual(counter.calls, [text]);
  });

  it('counts short texts every time without keeping them', () => {
    const memo = new TokenMemo();
    const counter = recordingCounter();
    memo.count('short', counter.count);
    memo.count('short', counter.count);
    assert.equal(counter.calls.length, 2);
    assert.equal(memo.size, 0);
  });

  it('stays within its bound, dropping the least recently used text first', () => {
    const a = 'a'.repeat(1000);
    const b = 'b'.repeat(1000);
    const c = 'c'.repeat(1000);
    const memo = new TokenMemo(2500);
    const counter = recordingCounter();
    memo.count(a, counter.count);
    memo.count(b, counter.count);
    memo.count(a, counter.count); // a is now the most recent
    memo.count(c, counter.count); // over the bound: b goes
    assert.ok(memo.size <= 2500, `size ${memo.size}`);
    memo.count(a, counter.count);
    memo.count(b, counter.count);
    assert.deepEqual(counter.calls, [a, b, c, b]);
  });
});
