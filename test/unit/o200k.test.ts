// The o200k tokenizer built from gpt-tokenizer's .tiktoken data file is the library's own
// encoding: the same ranks (text or, for non-UTF-8 tokens, bytes) and the same token ids.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { it } from 'node:test';
import { loadO200k, parseTiktokenRanks } from '../../src/proxy/o200k.js';

const require = createRequire(import.meta.url);

it('reads the same ranks as the package\'s generated module', () => {
  const ranks = parseTiktokenRanks(readFileSync(require.resolve('gpt-tokenizer/data/o200k_base.tiktoken')));
  const expected = (require('gpt-tokenizer/cjs/bpeRanks/o200k_base') as { default: (string | number[])[] }).default;
  assert.equal(ranks.length, expected.length);
  assert.ok(ranks.some((rank) => Array.isArray(rank)), 'some tokens are bytes that are not UTF-8 on their own');
  assert.deepEqual(ranks, expected);
});

it('encodes text, code, emoji and special-token spellings to the same ids as the library', () => {
  const ours = loadO200k();
  const theirs = require('gpt-tokenizer/encoding/o200k_base') as typeof ours;
  const options = { disallowedSpecial: new Set<string>() };
  const fixture = readFileSync(new URL('../../../shared/fixtures/claude-code-request.json', import.meta.url), 'utf8');
  for (const text of ['hello world', '\uFEFFusing System; // a byte-order mark', 'const x = { a: [1, 2] }; // ünïcödé 日本語 🧠🚀', 'text with <|endoftext|> inside', fixture]) {
    assert.deepEqual(ours.encode(text, options), theirs.encode(text, options));
  }
});
