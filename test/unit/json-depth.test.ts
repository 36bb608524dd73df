import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textNestsDeeperThan, valueNestsDeeperThan } from '../../src/proxy/http/json-depth.js';

const bytes = (text: string) => Buffer.from(text);

describe('textNestsDeeperThan', () => {
  it('counts arrays and objects together, up to the limit inclusive', () => {
    assert.equal(textNestsDeeperThan(bytes('[{"a":[1]}]'), 3), false);
    assert.equal(textNestsDeeperThan(bytes('[{"a":[[1]]}]'), 3), true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    assert.equal(textNestsDeeperThan(bytes(`{"a":"${'['.repeat(50)}"}`), 2), false);
    assert.equal(textNestsDeeperThan(bytes(`{"a":"\\"${'{'.repeat(50)}\\\\"}`), 2), false);
    // An escaped backslash closes the string: the brackets after it count.
    assert.equal(textNestsDeeperThan(bytes(`["\\\\",[[[1]]]]`), 3), true);
  });

  it('measures 10^5 levels without recursion', () => {
    assert.equal(textNestsDeeperThan(bytes('['.repeat(100_000) + ']'.repeat(100_000)), 128), true);
  });

  it('leaves an unterminated string to the JSON parser', () => {
    assert.equal(textNestsDeeperThan(bytes('{"a":"[[[[['), 2), false);
  });
});

describe('valueNestsDeeperThan', () => {
  it('counts `{}` as one level', () => {
    assert.equal(valueNestsDeeperThan({}, 1), false);
    assert.equal(valueNestsDeeperThan({ a: [] }, 1), true);
    assert.equal(valueNestsDeeperThan('text', 0), false);
  });

  it('walks 10^5 levels without overflowing the stack', () => {
    let value: unknown = 1;
    for (let i = 0; i < 100_000; i++) value = [value];
    assert.equal(valueNestsDeeperThan(value, 100), true);
    assert.equal(valueNestsDeeperThan(value, 100_000), false);
  });
});
