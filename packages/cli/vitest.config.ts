import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@analytics-tracker/source'] },
  ssr: { resolve: { conditions: ['@analytics-tracker/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The seeding server uses the pinned AWS SDK, which supports this Node; its notice is noise here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
