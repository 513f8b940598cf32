import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Routes the dev server forwards to a collector (LLMOBSERVE_URL, default http://127.0.0.1:8000). */
const API = ['/session', '/insights', '/customers', '/runs', '/tenants', '/api-keys', '/prices', '/health', '/openapi.json'];
const target = process.env.LLMOBSERVE_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  base: '/dashboard/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The collector's CSP forbids inline scripts: everything is emitted as files.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 400,
  },
  server: {
    port: 5173,
    proxy: Object.fromEntries(API.map((p) => [p, { target, changeOrigin: false }])),
  },
});
