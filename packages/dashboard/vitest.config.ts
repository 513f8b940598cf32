import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    css: false,
    // No test may hang: each test and hook has a deadline (vitest's defaults, stated).
    testTimeout: 5_000,
    hookTimeout: 10_000,
  },
});
