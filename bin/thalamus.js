#!/usr/bin/env node
// Runs the bundled CLI (npm run build writes dist/bundle/). `statusline` runs often (Claude
// Code's status bar) and needs none of the gateway, so it loads its own small entry.
const args = process.argv.slice(2);
if (args[0] === 'statusline' && args.length === 1) {
  const { statuslineCommand } = await import('../dist/bundle/statusline-cli.mjs');
  process.exitCode = await statuslineCommand();
} else {
  // Two V8 settings for the long-running engine, set here because both must come before the
  // bundle loads (bench: serve-memory; README, "A lean engine"):
  // - the memory reducer (V8's idle GC: shrinks the young generation, releases freed pages) first
  //   runs 1 s after start-up, not 8 s; V8 arms that first timer during start-up. Idle RSS: 62
  //   MiB for the first 9 s without it, ~58 MiB from the first second with it.
  // - no TurboFan (`--no-opt`; the Sparkplug baseline compiler still runs): optimized code and
  //   the compiler's memory held ~12 MiB after 1,000 Claude Code requests (RSS 89.6-89.9 -> 77.4-78.8
  //   MiB in the same minutes) for no more gateway CPU per request (5.3-5.8 -> 4.9-5.1 ms, the
  //   compiling itself gone); the cost is in long JS loops: counting 1 MB of never-seen text
  //   takes ~310 ms instead of ~160 (remembered after), translating a 1 MB conversation the same.
  if (args[0] === 'serve') {
    const { setFlagsFromString } = await import('node:v8');
    setFlagsFromString('--gc-memory-reducer-start-delay-ms=1000');
    setFlagsFromString('--no-opt');
  }
  const { main } = await import('../dist/bundle/cli.mjs');
  process.exitCode = await main(args);
}
