// Bundles the headless CLI into dist/bundle/: one ES module (plus the --ui chunk) instead of
// hundreds of small ones, because on Node 20 loading protobuf-es and the HTTP stack file by file is
// most of `thalamus serve`'s start-up time. Native and lazily loaded packages stay external.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: without a clean folder every build would leave the last one's behind.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  // statusline-cli: Claude Code runs `thalamus statusline` on every update; bin/thalamus.js loads
  // that small entry alone instead of the whole gateway.
  entryPoints: { cli: 'src/proxy/app/cli.ts', 'statusline-cli': 'src/proxy/usage/statusline-cli.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  // Native modules, and packages loaded lazily at run time, stay in node_modules; so do
  // iconv-lite's code tables and mime-db (770 KB of the bundle's 1.6 MB, measured ~10 ms of
  // start-up to parse), which a JSON API gateway reads little of.
  external: ['@napi-rs/keyring', 'sharp', 'sql.js', 'selfsigned', 'gpt-tokenizer', 'iconv-lite', 'mime-db'],
  // body-parser, find-my-way and Express (for --ui) are CommonJS and require Node built-ins.
  banner: { js: "import { createRequire as __thalamusRequire } from 'node:module'; const require = __thalamusRequire(import.meta.url);" },
  logLevel: 'warning',
});
