#!/usr/bin/env node
// Runs the bundled CLI (npm run build writes dist/bundle/). `statusline` runs often (Claude
// Code's status bar) and needs none of the gateway, so it loads its own small entry.
const args = process.argv.slice(2);
if (args[0] === 'statusline' && args.length === 1) {
  const { statuslineCommand } = await import('../dist/bundle/statusline-cli.mjs');
  process.exitCode = await statuslineCommand();
} else {
  // V8's memory reducer (its own idle GC: shrinks the young generation, releases freed pages)
  // first runs 1 s after start-up, not 8 s. Set here, before the bundle loads, because V8 arms
  // that first timer during start-up (set later, it still came at ~9 s; later reductions keep
  // V8's fixed 8 s). Idle `serve` measured 62 MiB for its first 9 s without it, ~58 MiB from the
  // first second with it (bench: serve-memory).
  if (args[0] === 'serve') (await import('node:v8')).setFlagsFromString('--gc-memory-reducer-start-delay-ms=1000');
  const { main } = await import('../dist/bundle/cli.mjs');
  process.exitCode = await main(args);
}
