// The o200k_base rank table in three typed arrays: every token's bytes back to back, where each
// rank's bytes start, and an open-addressing hash from bytes to rank. Read straight from
// gpt-tokenizer's `.tiktoken` data file ("<base64 bytes> <rank>" a line) with no string or Map
// per token: ~4 MiB outside the JS heap, where the library's Map of 200k strings held ~14 MiB of
// heap and left ~10 MiB more behind from building it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const NEWLINE = 0x0a;
const SPACE = 0x20;
/** Hash slots: a power of two, over twice the token count, so probes stay short. */
const SLOTS = 1 << 19;
/** 32-bit FNV-1a. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export class RankTable {
  private constructor(
    /** Every token's bytes, in rank order. */
    private readonly bytes: Uint8Array,
    /** Rank r's bytes are bytes[starts[r], starts[r + 1]). */
    private readonly starts: Uint32Array,
    /** rank + 1 at the slot its bytes hash to (or a later one); 0 = empty. */
    private readonly slots: Int32Array,
  ) {}

  /** Ranks 0 … size − 1. */
  get size(): number {
    return this.starts.length - 1;
  }

  /** The bytes of `rank` (a view, not a copy). */
  tokenBytes(rank: number): Uint8Array {
    return this.bytes.subarray(this.starts[rank], this.starts[rank + 1]);
  }

  /** The rank of the token whose bytes are key[start, end), or −1. */
  rank(key: Uint8Array, start: number, end: number): number {
    const length = end - start;
    for (let slot = hash(key, start, end) & (SLOTS - 1); ; slot = (slot + 1) & (SLOTS - 1)) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      const rank = entry - 1;
      const from = this.starts[rank]!;
      if (this.starts[rank + 1]! - from === length && sameBytes(this.bytes, from, key, start, length)) return rank;
    }
  }

  /** Parses a `.tiktoken` file whose ranks run 0, 1, 2, … in line order (o200k_base's do). */
  static parse(data: Uint8Array): RankTable {
    let lines = 0;
    for (let i = 0; i < data.length; i++) if (data[i] === NEWLINE) lines++;
    if (data.length > 0 && data[data.length - 1] !== NEWLINE) lines++;
    // Base64 is 4 characters for 3 bytes: the file's length bounds the decoded bytes.
    const bytes = new Uint8Array(Math.ceil((data.length * 3) / 4));
    const starts = new Uint32Array(lines + 1);
    let used = 0;
    let rank = 0;
    for (let start = 0; start < data.length; ) {
      let end = data.indexOf(NEWLINE, start);
      if (end < 0) end = data.length;
      const space = data.indexOf(SPACE, start);
      if (space > start && space < end) {
        if (parseDecimal(data, space + 1, end) !== rank) throw new Error(`o200k data: rank ${rank} expected at byte ${start}`);
        starts[rank] = used;
        used = decodeBase64(data, start, space, bytes, used);
        rank++;
      }
      start = end + 1;
    }
    starts[rank] = used;
    const table = new RankTable(bytes.slice(0, used), starts.slice(0, rank + 1), new Int32Array(SLOTS));
    for (let r = 0; r < rank; r++) table.insert(r);
    return table;
  }

  private insert(rank: number): void {
    const from = this.starts[rank]!;
    const to = this.starts[rank + 1]!;
    let slot = hash(this.bytes, from, to) & (SLOTS - 1);
    while (this.slots[slot] !== 0) slot = (slot + 1) & (SLOTS - 1);
    this.slots[slot] = rank + 1;
  }
}

export function loadO200kTable(): RankTable {
  const require = createRequire(import.meta.url);
  return RankTable.parse(readFileSync(require.resolve('gpt-tokenizer/data/o200k_base.tiktoken')));
}

function hash(key: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ key[i]!, FNV_PRIME);
  return h >>> 0;
}

function sameBytes(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

function parseDecimal(data: Uint8Array, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = data[i]! - 0x30;
    if (digit < 0 || digit > 9) break; // a trailing '\r'
    value = value * 10 + digit;
  }
  return value;
}

/** Value of each base64 character (standard alphabet); −1 for anything else, '=' included. */
const BASE64 = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => (BASE64[c.charCodeAt(0)] = i));

/** Decodes data[start, end) into out from `at`; returns where the decoded bytes end. */
function decodeBase64(data: Uint8Array, start: number, end: number, out: Uint8Array, at: number): number {
  let bits = 0;
  let count = 0;
  for (let i = start; i < end; i++) {
    const value = BASE64[data[i]!] ?? -1;
    if (value < 0) break; // padding
    bits = (bits << 6) | value;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[at++] = (bits >> count) & 0xff;
    }
  }
  return at;
}
