import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({
  // Each file starts its own servers; on a 2-core machine running them one at a time is faster and steadier.
  fileParallelism: false,
  testTimeout: 120_000,
  // The pinned AWS SDK supports Node 20; its notice about future releases is noise here.
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
});
