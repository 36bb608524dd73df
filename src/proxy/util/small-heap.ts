// Asks V8 to favour a small heap in the long-running engine: `thalamus serve` at start-up, and
// the desktop app passes the same flags to its engine process on the command line.
// - `--optimize-for-size`: without it V8 lets a heap with ~26 MB live grow to 80-100 MB of
//   garbage before a full GC, so RSS after 1,000 Claude Code requests measured 137-180 MiB;
//   with it, full GCs come at ~33 MB. Read when V8 sets the next GC limit, so setting it at
//   start-up takes effect. Its price, measured while each request still left garbage that
//   survived young GCs (fixed since, http/turn-response.ts), was ~2-3 ms more gateway CPU per request.
// - `--semi-space-growth-factor=1`: the young generation stays at the 2 MB it has after
//   start-up instead of doubling to 16 MB under traffic. Requests now leave ~12 KB that
//   survive a scavenge, so scavenges stay cheap at that size, and the doubling was what RSS
//   swung with: samples over 1,000 requests 73-88 MiB before, 71-77 MiB after (bench
//   serve-memory, same minutes). V8 reads it each time it would grow the space, so it works
//   set at run time (the semi-space size flags do not: fixed once the heap exists, measured).
import { setFlagsFromString } from 'node:v8';

export const SMALL_HEAP_FLAGS = ['--optimize-for-size', '--semi-space-growth-factor=1'];

export function preferSmallHeap(): void {
  for (const flag of SMALL_HEAP_FLAGS) setFlagsFromString(flag);
}
