// The o200k_base tokenizer: gpt-tokenizer's pre-split pattern and byte-pair merges over the
// compact rank table (`o200k-table.ts`), giving the token ids the library gives (a unit test
// compares them). Only plain text: special-token spellings (`<|endoftext|>`) in a prompt are
// text, as the library treats them with `disallowedSpecial` empty.
import { isUtf8 } from 'node:buffer';
import { loadO200kTable, type RankTable } from './o200k-table.js';

/**
 * o200k_base's pre-split (tiktoken's pattern, written as gpt-tokenizer 4.0's
 * O200K_TOKEN_SPLIT_PATTERN spells it for JavaScript): a piece is merged on its own.
 */
const CONTRACTION = "(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?";
const SPLIT = new RegExp(
  [
    String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+` + CONTRACTION,
    String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*` + CONTRACTION,
    String.raw`\p{N}{1,3}`,
    String.raw` ?[^\s\p{L}\p{N}]+[\r\n/]*`,
    String.raw`\s*[\r\n]+`,
    String.raw`\s+(?!\S)`,
    String.raw`\s+`,
  ].join('|'),
  'gu',
);

const NO_RANK = 0x7fffffff;
/** Pieces longer than this merge through a heap (below it, scanning is faster). */
const HEAP_MERGE_MIN_BYTES = 64;
/** `prev` of a part that was merged away. */
const DEAD = -2;

export class O200k {
  /** UTF-8 of the piece being merged; grown when a piece needs more. */
  private piece = Buffer.alloc(1024);
  /** Where each part of the piece starts (parts[count] = the piece's end), and each pair's rank. */
  private parts = new Int32Array(1025);
  private pairRanks = new Int32Array(1025);

  constructor(private readonly table: RankTable) {}

  /** The token ids of `text`. */
  encode(text: string): number[] {
    const ids: number[] = [];
    this.split(text, ids);
    return ids;
  }

  /** How many tokens `text` is. */
  countTokens(text: string): number {
    return this.split(text, undefined);
  }

  private split(text: string, ids: number[] | undefined): number {
    let count = 0;
    SPLIT.lastIndex = 0;
    for (let match = SPLIT.exec(text); match; match = SPLIT.exec(text)) count += this.encodePiece(match[0], ids);
    return count;
  }

  private encodePiece(text: string, ids: number[] | undefined): number {
    if (this.piece.length < text.length * 3) this.grow(text.length * 3);
    const piece = this.piece;
    const length = piece.write(text, 0, 'utf8');
    // The library looks the whole piece up as a string first, which finds no token starting with
    // a BOM (those are kept as bytes). A lone surrogate is written as U+FFFD, as its TextEncoder does.
    if (!startsWithBom(piece, 0, length)) {
      const whole = this.table.rank(piece, 0, length);
      if (whole >= 0) {
        ids?.push(whole);
        return 1;
      }
    }
    return this.merge(length, ids);
  }

  /** Byte-pair merge: join the adjacent pair of lowest rank (leftmost on a tie) until none is a token. */
  private merge(length: number, ids: number[] | undefined): number {
    return length > HEAP_MERGE_MIN_BYTES ? this.heapMerge(length, ids) : this.scanMerge(length, ids);
  }

  /** For short pieces (nearly all): scan for the lowest pair; quadratic, but the fastest when short. */
  private scanMerge(length: number, ids: number[] | undefined): number {
    const { parts, pairRanks } = this;
    let count = length;
    for (let i = 0; i <= length; i++) parts[i] = i;
    for (let i = 0; i < count; i++) pairRanks[i] = this.pairRank(i, count);
    for (;;) {
      let lowest = NO_RANK;
      let at = -1;
      for (let i = 0; i < count - 1; i++) {
        if (pairRanks[i]! < lowest) {
          lowest = pairRanks[i]!;
          at = i;
        }
      }
      if (at < 0) break;
      parts.copyWithin(at + 1, at + 2, count + 1);
      pairRanks.copyWithin(at + 1, at + 2, count);
      count--;
      pairRanks[at] = this.pairRank(at, count);
      if (at > 0) pairRanks[at - 1] = this.pairRank(at - 1, count);
    }
    if (ids) for (let i = 0; i < count; i++) ids.push(this.rankOf(parts[i]!, parts[i + 1]!));
    return count;
  }

  /**
   * The same merges for long pieces in O(n log n): parts as a linked list over their start bytes,
   * candidate pairs in a min-heap by (rank, start), so the leftmost lowest pair comes out first.
   * An entry whose pair has changed since it was pushed is skipped: ranks are unique per byte
   * string, so a pair is still the one pushed exactly when its rank is. A piece of thousands of
   * letters with no space (a client can send one) took seconds per MB with the scan.
   */
  private heapMerge(length: number, ids: number[] | undefined): number {
    const next = new Int32Array(length + 1);
    const prev = new Int32Array(length + 1);
    for (let i = 0; i <= length; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
    }
    const heap = new PairHeap(length);
    const push = (start: number) => {
      const end = next[next[start]!]!;
      if (next[start]! >= length || end > length) return;
      const rank = this.rankOf(start, end);
      if (rank >= 0) heap.push(rank, start);
    };
    for (let i = 0; i < length - 1; i++) push(i);
    let count = length;
    while (heap.size > 0) {
      const { rank, start } = heap.pop();
      const middle = next[start]!;
      // Stale: the part was merged into its left neighbour, or its pair is no longer these bytes.
      if (prev[start] === DEAD || middle >= length) continue;
      const end = next[middle]!;
      if (end > length || this.rankOf(start, end) !== rank) continue;
      next[start] = end;
      prev[end] = start;
      prev[middle] = DEAD;
      count--;
      if (prev[start]! >= 0) push(prev[start]!);
      push(start);
    }
    if (ids) for (let start = 0; start < length; start = next[start]!) ids.push(this.rankOf(start, next[start]!));
    return count;
  }

  /** The rank of parts i and i + 1 joined, or NO_RANK. */
  private pairRank(i: number, count: number): number {
    if (i + 2 > count) return NO_RANK;
    const rank = this.rankOf(this.parts[i]!, this.parts[i + 2]!);
    return rank < 0 ? NO_RANK : rank;
  }

  /**
   * The rank of piece[start, end), looked up as gpt-tokenizer 4.0 does: bytes that are valid
   * UTF-8 are decoded with TextDecoder first, which drops one leading byte-order mark, and the
   * text is then found among the tokens that are text (none starts with a BOM).
   */
  private rankOf(start: number, end: number): number {
    const piece = this.piece;
    if (startsWithBom(piece, start, end) && isUtf8(piece.subarray(start, end))) {
      start += 3;
      if (start === end || startsWithBom(piece, start, end)) return -1;
    }
    return this.table.rank(piece, start, end);
  }

  private grow(bytes: number): void {
    this.piece = Buffer.alloc(bytes);
    this.parts = new Int32Array(bytes + 1);
    this.pairRanks = new Int32Array(bytes + 1);
  }
}

/** A binary min-heap of (rank, start) pairs: lower rank first, then the leftmost. */
class PairHeap {
  private readonly ranks: Int32Array;
  private readonly starts: Int32Array;
  size = 0;

  constructor(capacity: number) {
    // The first capacity - 1 pairs, then at most two more per merge.
    this.ranks = new Int32Array(capacity * 3 + 2);
    this.starts = new Int32Array(capacity * 3 + 2);
  }

  push(rank: number, start: number): void {
    let i = this.size++;
    for (let parent = (i - 1) >> 1; i > 0 && precedes(rank, start, this.ranks[parent]!, this.starts[parent]!); parent = (i - 1) >> 1) {
      this.move(parent, i);
      i = parent;
    }
    this.ranks[i] = rank;
    this.starts[i] = start;
  }

  pop(): { rank: number; start: number } {
    const top = { rank: this.ranks[0]!, start: this.starts[0]! };
    const last = --this.size;
    const rank = this.ranks[last]!;
    const start = this.starts[last]!;
    let i = 0;
    for (let child = 1; child < last; child = 2 * i + 1) {
      if (child + 1 < last && precedes(this.ranks[child + 1]!, this.starts[child + 1]!, this.ranks[child]!, this.starts[child]!)) child++;
      if (!precedes(this.ranks[child]!, this.starts[child]!, rank, start)) break;
      this.move(child, i);
      i = child;
    }
    this.ranks[i] = rank;
    this.starts[i] = start;
    return top;
  }

  private move(from: number, to: number): void {
    this.ranks[to] = this.ranks[from]!;
    this.starts[to] = this.starts[from]!;
  }
}

function precedes(rank: number, start: number, otherRank: number, otherStart: number): boolean {
  return rank < otherRank || (rank === otherRank && start < otherStart);
}

function startsWithBom(bytes: Uint8Array, start: number, end: number): boolean {
  return end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf;
}

export function loadO200k(): O200k {
  return new O200k(loadO200kTable());
}
