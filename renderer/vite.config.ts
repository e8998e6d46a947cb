import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// This file runs in Node (Vite's config loader); import.meta.dirname avoids importing node:* here,
// which the renderer's lint rules forbid for everything under renderer/.
const here = import.meta.dirname;

// `base: './'` keeps asset URLs relative so the same build loads from the local server and from Electron's file:// page.
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: `${here}/../dist/renderer`,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
});
