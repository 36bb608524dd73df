// Asks V8 to favour a small heap in the long-running engine: `thalamus serve` at start-up, and
// the desktop app passes the same flag to its engine process on the command line. Without it V8
// lets a heap with ~26 MB live grow to 80-100 MB of garbage before a full GC (each request
// promotes some), so RSS after 1,000 Claude Code requests measured 137-180 MiB; with it, full
// GCs come at ~33 MB and RSS stayed ~105 MiB (bench: serve-memory). `--optimize-for-size` is
// read when V8 sets the next GC limit, so setting it at start-up takes effect (the semi-space
// flags do not: they are fixed once the heap exists, measured). Its price, measured in the same
// minutes: ~2-3 ms more gateway CPU per Claude Code request (5.3-5.6 -> 7.0-9.5 ms on a loaded
// 2-core VM), from more, smaller GCs. A tray app idles far more than it works.
import { setFlagsFromString } from 'node:v8';

export const SMALL_HEAP_FLAG = '--optimize-for-size';

export function preferSmallHeap(): void {
  setFlagsFromString(SMALL_HEAP_FLAG);
}
