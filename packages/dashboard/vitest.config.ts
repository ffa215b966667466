import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@analytics-tracker/source'] },
  ssr: { resolve: { conditions: ['@analytics-tracker/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // A test runs several DuckDB queries over real stored files: 1-3 s alone, more on a busy 2-core machine.
    testTimeout: 30_000,
    // The pinned AWS SDK supports this Node; its notice about future releases is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
