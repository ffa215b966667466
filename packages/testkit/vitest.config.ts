import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@analytics-tracker/source'] },
  ssr: { resolve: { conditions: ['@analytics-tracker/source'] } },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
