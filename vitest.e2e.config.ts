import { defineConfig } from 'vitest/config';

// End-to-end tests drive one real Chromium each; run them one file at a time on 2 cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
