import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@analytics-tracker/source'] },
  ssr: { resolve: { conditions: ['@analytics-tracker/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: { enabled: false },
    // Browser tests start a real server and Chromium; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
