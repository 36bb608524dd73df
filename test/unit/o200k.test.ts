// The o200k tokenizer built from gpt-tokenizer's .tiktoken data file into a compact table is the
// library's own encoding: the same bytes at every rank and the same token ids for any text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { it } from 'node:test';
import { loadO200k } from '../../src/proxy/tokens/o200k.js';
import { loadO200kTable } from '../../src/proxy/tokens/o200k-table.js';

const require = createRequire(import.meta.url);

it('holds the same bytes at every rank as the package\'s generated module, and finds each rank by its bytes', () => {
  const table = loadO200kTable();
  const expected = (require('gpt-tokenizer/cjs/bpeRanks/o200k_base') as { default: (string | number[])[] }).default;
  assert.equal(table.size, expected.length);
  assert.ok(expected.some((rank) => Array.isArray(rank)), 'some tokens are bytes that are not UTF-8 on their own');
  for (let rank = 0; rank < expected.length; rank++) {
    const token = expected[rank]!;
    const bytes = typeof token === 'string' ? Buffer.from(token, 'utf8') : Uint8Array.from(token);
    assert.deepEqual(Buffer.from(table.tokenBytes(rank)), Buffer.from(bytes), `rank ${rank}`);
    assert.equal(table.rank(bytes, 0, bytes.length), rank);
  }
  assert.equal(table.rank(Buffer.from('no token is this long a word'), 0, 28), -1);
});

it('encodes text, code, emoji, byte-order marks, lone surrogates and special-token spellings to the same ids as the library', () => {
  const ours = loadO200k();
  const theirs = require('gpt-tokenizer/encoding/o200k_base') as { encode(text: string, options: object): number[]; countTokens(text: string, options: object): number };
  const options = { disallowedSpecial: new Set<string>() };
  const fixture = readFileSync(new URL('../../../shared/fixtures/claude-code-request.json', import.meta.url), 'utf8');
  const texts = [
    'hello world',
    '\uFEFFusing System; // a byte-order mark',
    'a mark mid-text \uFEFFhere, and two \uFEFF\uFEFFin a row',
    'const x = { a: [1, 2] }; // ünïcödé 日本語 🧠🚀',
    'a lone \uD83D surrogate and a lone \uDE00 low one',
    'text with <|endoftext|> inside',
    "It's CamelCase, they'LL go 12345678 times\r\n\n\t  \n",
    'Ελληνικά, русский, العربية, हिन्दी, 한국어 ، ، ',
    'aGVsbG8gd29ybGQ'.repeat(40),
    // Long pieces (over 64 bytes) merge through the heap: runs of letters, symbols and spaces.
    'a'.repeat(3000),
    'ab'.repeat(1500) + ' ' + 'Zx'.repeat(700) + 'é'.repeat(300),
    '=-'.repeat(400) + '\n' + ' '.repeat(500) + 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(30),
    'ÄäÖöÜüß日本語'.repeat(90),
    fixture,
  ];
  for (const text of texts) {
    assert.deepEqual(ours.encode(text), theirs.encode(text, options), text.slice(0, 40));
    assert.equal(ours.countTokens(text), theirs.countTokens(text, options));
  }
});
