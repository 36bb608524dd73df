#!/usr/bin/env node
// Runs the bundled CLI (npm run build writes dist/bundle/). `statusline` runs often (Claude
// Code's status bar) and needs none of the gateway, so it loads its own small entry.
const args = process.argv.slice(2);
if (args[0] === 'statusline' && args.length === 1) {
  const { statuslineCommand } = await import('../dist/bundle/statusline-cli.mjs');
  process.exitCode = await statuslineCommand();
} else {
  const { main } = await import('../dist/bundle/cli.mjs');
  process.exitCode = await main(args);
}
