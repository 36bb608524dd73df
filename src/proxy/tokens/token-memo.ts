// Token counts of texts seen before. Claude Code resends its system prompt, its tools and the
// whole history on every request, and o200k counts ~25 MB/s: a 1 MB conversation would cost
// ~40 ms per request, nearly all of it for texts counted the turn before. So texts of 32+
// characters are remembered, least recently used first out, up to a bound on what is kept.

import { LruMap } from '../util/lru-map.js';

/** Shorter texts (tool names, ids) are counted every time: cheaper than remembering them. */
export const MEMO_MIN_CHARS = 32;
/** A few sessions' whole prompts. The memo keeps its texts alive, so this bounds its memory. */
export const DEFAULT_MEMO_MAX_CHARS = 4 * 1024 * 1024;
/** What an entry costs besides its text, in characters, so that many short texts count too. */
const ENTRY_OVERHEAD_CHARS = 64;

export class TokenMemo {
  private readonly counts = new LruMap<string, number>();
  private chars = 0;

  constructor(private readonly maxChars = DEFAULT_MEMO_MAX_CHARS) {}

  /** The count of `text`, from `count` unless remembered. */
  count(text: string, count: (text: string) => number): number {
    if (text.length < MEMO_MIN_CHARS || text.length > this.maxChars) return count(text);
    const known = this.counts.get(text);
    if (known !== undefined) return known;
    const tokens = count(text);
    this.counts.set(text, tokens);
    this.chars += text.length + ENTRY_OVERHEAD_CHARS;
    this.counts.evictWhile(
      () => this.chars > this.maxChars,
      (oldest) => (this.chars -= oldest.length + ENTRY_OVERHEAD_CHARS),
    );
    return tokens;
  }

  /** Characters of the texts remembered, entry overhead included. */
  get size(): number {
    return this.chars;
  }
}
