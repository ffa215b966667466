// Public entry of @analytics-tracker/compat: the original tracker's documented contract, and the
// commands (npm run offline, npm run query) the compat tests drive with its variables.
export {
  OfflineExitError,
  type OfflineProcess,
  REPO_ROOT,
  runQueryProcess,
  startOfflineProcess,
} from './commands.js';
export {
  ORIGINAL_APPS,
  ORIGINAL_BODY,
  ORIGINAL_ERRORS,
  ORIGINAL_KEY,
  ORIGINAL_QUERIES,
} from './original-contract.js';
