import { defineConfig, type TestUserConfig } from 'vitest/config';

/**
 * A package's vitest config: the workspace's packages resolved from their TypeScript source (the
 * `@analytics-tracker/source` condition), tests under `src/` and `test/`, and time limits sized for
 * CI, where 13 packages' suites share two cores with Chromium, and a test that spawns node or python
 * or waits out a real timeout takes several times what it takes alone. A hang still fails. `test`
 * overrides any of these, key by key.
 *
 * @example
 * // packages/cli/vitest.config.ts
 * export default packageConfig({ env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
 */
export function packageConfig(test: TestUserConfig = {}) {
  return defineConfig({
    resolve: { conditions: ['@analytics-tracker/source'] },
    ssr: { resolve: { conditions: ['@analytics-tracker/source'] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...test,
    },
  });
}
