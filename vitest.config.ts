import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    // A noisy 2-core machine: property tests can take seconds there; none of these measure time.
    testTimeout: 30_000,
    setupFiles: ['fake-indexeddb/auto', 'tests/unit/setup-extension-files.ts'],
  },
});
