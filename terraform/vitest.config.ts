import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@analytics-tracker/source'] },
  ssr: { resolve: { conditions: ['@analytics-tracker/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/setup-matchers.ts'],
    // Synthesizing the full provider bindings takes a few seconds on a small machine.
    testTimeout: 60_000,
  },
});
