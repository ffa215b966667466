import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({ include: ['test/**/*.test.ts'], typecheck: { enabled: false } });
