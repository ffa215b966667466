// Public entry of @analytics-tracker/local: the tracker on one machine (`npm run offline`) and its stored rows.

export { claimDataFolder, type DataFolderClaim, type DataFolderHolder } from './data-folder-lock.js';
export { FUNCTION_URL_MAX_PAYLOAD, toFunctionUrlEvent } from './function-url-event.js';
export {
  HANDLER_VARIABLES,
  type OfflineOptions,
  type OfflineServer,
  OfflineStartError,
  saltsFile,
  startOffline,
} from './offline-server.js';
export { createOfflineStore, s3rverClient } from './offline-store.js';
export { consoleObserver } from './request-log.js';
export { OFFLINE_ARGS, OFFLINE_USAGE, type OfflineCliIo, runOfflineCli } from './run-offline-cli.js';
export { type S3Server, startS3Server } from './s3-server.js';
export { type SeedRequest, type SeedResult, type SeedVisitor, seedEvents } from './seed-events.js';
export {
  type SignalProcess,
  type SignalShutdown,
  type Stoppable,
  shutdownOnSignal,
} from './shutdown-on-signal.js';
export {
  listStoredObjects,
  readStoredRows,
  S3RVER_OBJECT_SUFFIX,
  type StoredObjectFile,
} from './stored-rows.js';
export { type TryItRequest, tryItRequest } from './try-it.js';
