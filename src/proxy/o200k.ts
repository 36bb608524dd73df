// The o200k_base tokenizer (gpt-tokenizer), built from the package's `.tiktoken` data file (one
// "<base64 token> <rank>" line per token) instead of its 2.4 MB generated JS module. Compiling
// that module leaves ~28 MB of V8 parser memory in the process for good (measured: RSS +34 MB
// for +6 MB of heap); reading the data file needs no parser, and the encoder built is the same.
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

type GptEncodingModule = typeof import('gpt-tokenizer/GptEncoding');
export type Tokenizer = ReturnType<GptEncodingModule['GptEncoding']['getEncodingApi']>;

/**
 * Word pieces the encoder remembers merging. The library keeps 100,000 by default; the texts
 * themselves are remembered by TokenMemo, so a few thousand keep it fast at a fraction of the memory.
 */
export const MERGE_CACHE_ENTRIES = 5_000;

const NEWLINE = 0x0a;
const SPACE = 0x20;

/** Ranks in the shape gpt-tokenizer's own module exports: the token's text, or its bytes when they are not UTF-8. */
export function parseTiktokenRanks(data: Buffer): (string | number[])[] {
  const ranks: (string | number[])[] = [];
  for (let start = 0; start < data.length; ) {
    let end = data.indexOf(NEWLINE, start);
    if (end < 0) end = data.length;
    const space = data.indexOf(SPACE, start);
    if (space > start && space < end) {
      const bytes = Buffer.from(data.toString('latin1', start, space), 'base64');
      ranks[Number(data.toString('latin1', space + 1, end))] = isText(bytes) ? bytes.toString('utf8') : [...bytes];
    }
    start = end + 1;
  }
  return ranks;
}

/**
 * As the library decides it: valid UTF-8 that does not start with a byte-order mark (its
 * generator decoded with TextDecoder, which drops a leading BOM, so those tokens are kept as bytes).
 */
function isText(bytes: Buffer): boolean {
  return isUtf8(bytes) && !(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf);
}

export function loadO200k(): Tokenizer {
  const require = createRequire(import.meta.url);
  const { GptEncoding } = require('gpt-tokenizer/GptEncoding') as GptEncodingModule;
  const ranks = parseTiktokenRanks(readFileSync(require.resolve('gpt-tokenizer/data/o200k_base.tiktoken')));
  const tokenizer = GptEncoding.getEncodingApi('o200k_base', () => ranks);
  tokenizer.setMergeCacheSize(MERGE_CACHE_ENTRIES);
  return tokenizer;
}
