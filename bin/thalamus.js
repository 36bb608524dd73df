#!/usr/bin/env node
// Runs the bundled CLI (npm run build writes dist/bundle/).
const { main } = await import('../dist/bundle/cli.mjs');
process.exitCode = await main(process.argv.slice(2));
