import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  // scripts/check-bundle.mjs enforces the real budget (200 kB gzipped initial JS); Vite's raw-size warning is noise.
  build: { chunkSizeWarningLimit: 700 },
});
