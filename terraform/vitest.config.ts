import { packageConfig } from '../vitest.shared.js';

export default packageConfig({
  setupFiles: ['test/setup-matchers.ts'],
  // Synthesizing the full provider bindings takes a few seconds on a small machine.
  testTimeout: 60_000,
});
