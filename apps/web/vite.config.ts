import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['source', ...defaultClientConditions] },
  // ws: the machine console's WebSocket (/api/v1/hosting/my/console/socket) goes through the proxy too.
  server: { proxy: { '/api': { target: 'http://127.0.0.1:8080', ws: true } } },
  // scripts/check-bundle.mjs enforces the real budget (200 kB gzipped initial JS); Vite's raw-size warning is noise.
  build: { chunkSizeWarningLimit: 700 },
});
