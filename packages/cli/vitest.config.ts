import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({
  // The seeding server uses the pinned AWS SDK, which supports this Node; its notice is noise here.
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
});
