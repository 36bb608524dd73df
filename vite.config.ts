// The renderer: one build for Electron (loaded from file://) and for `thalamus serve --ui`
// (served at /ui/), hence relative asset URLs.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
  },
});
