// How deeply JSON nests, measured without recursion: on the raw body before JSON.parse (a
// body of 16 million `[` would cost seconds and a gigabyte to parse), and on a parsed value
// (tool schemas, which become nested protobuf Values). Every later walk over client JSON
// (JSON.stringify, protobuf conversion, token counting) is then bounded by these limits.

/** Deepest nesting a request body may have; Claude Code's bodies nest about 10 levels. */
export const MAX_BODY_DEPTH = 128;
/** Deepest nesting a tool's input schema may have. */
export const MAX_SCHEMA_DEPTH = 100;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
/** The typed-array search, not Buffer's: Buffer#indexOf validates through a wrapper that costs
 *  ~0.1 µs and allocates on every call, and bodies are mostly short strings (the Claude Code
 *  request: 130 -> 44 µs; a 1 MB conversation, 20,000 strings: 2.3 -> 1.0 ms). Its scan is
 *  slower per byte: a body of a few huge strings takes 0.3 ms/MB instead of 0.04. */
const indexOfByte = Uint8Array.prototype.indexOf;

/**
 * True when the JSON text in `bytes` opens more than `limit` arrays/objects at once. Strings
 * are skipped with native `indexOf` (most of a conversation is string), so a megabyte of text
 * costs well under a millisecond. Malformed text is left for JSON.parse to reject.
 */
export function textNestsDeeperThan(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let i = 0;
  const length = bytes.length;
  while (i < length) {
    const byte = bytes[i]!;
    if (byte === QUOTE) {
      i = closingQuote(bytes, i) + 1;
      if (i === 0) return false;
      continue;
    }
    if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth--;
    }
    i++;
  }
  return false;
}

/** Index of the quote closing the string opened at `open`, or -1. */
function closingQuote(bytes: Uint8Array, open: number): number {
  let at = open;
  for (;;) {
    at = indexOfByte.call(bytes, QUOTE, at + 1);
    if (at < 0) return -1;
    let backslashes = 0;
    while (bytes[at - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}

/** True when `value` nests arrays/objects more than `limit` levels (`{}` is one level). */
export function valueNestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}
