// Bundles the preload into one CommonJS file, dist/preload/index.cjs: a sandboxed preload
// can neither be an ES module nor require its own files (only `electron` and a few
// built-ins). Replaces the per-file output tsc wrote to dist/preload.
// Usage: node scripts/bundle-preload.mjs [outDir]   (default dist/preload)
import { build } from 'vite';

const outDir = process.argv[2] ?? 'dist/preload';

await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    lib: { entry: 'src/preload/index.ts', formats: ['cjs'], fileName: () => 'index.cjs' },
    outDir,
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    // Electron 45's Chromium.
    target: 'chrome140',
    rollupOptions: { external: ['electron'] },
  },
});
