import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

export default defineConfig({
  plugins: [
    react(),
    // A .br and a .gz beside every text file: the API sends them as they are (apps/api/src/http/dashboard.ts),
    // at maximum compression paid once here rather than per request.
    compression({ algorithms: ['brotliCompress', 'gzip'] }),
  ],
  resolve: { conditions: ['source', ...defaultClientConditions] },
  // ws: the machine console's WebSocket (/api/v1/hosting/my/console/socket) goes through the proxy too.
  server: { proxy: { '/api': { target: 'http://127.0.0.1:8080', ws: true } } },
  // scripts/check-bundle.mjs enforces the real budget (what /login sends, compressed); Vite's raw-size warning is noise.
  build: { chunkSizeWarningLimit: 700 },
});
