import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({
  // Each panel is a DuckDB query over the files through the reading view; on a loaded machine a
  // whole page of them takes longer than vitest's default 5 s.
  testTimeout: 60_000,
  // The pinned AWS SDK supports this Node; its notice about future releases is noise in test output.
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
});
