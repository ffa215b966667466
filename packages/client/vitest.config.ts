import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({ typecheck: { enabled: false } });
