#!/usr/bin/env node
// Runs the compiled CLI (npm run build writes dist/).
const { main } = await import('../dist/proxy/cli.js');
process.exitCode = await main(process.argv.slice(2));
