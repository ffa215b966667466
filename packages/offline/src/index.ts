// Public entry of @analytics-tracker/offline: the offline tracker and the query layer (sql/).
export { FUNCTION_URL_MAX_PAYLOAD, toFunctionUrlEvent } from './function-url-event.js';
export { loadIpHashSecret } from './ip-hash-secret.js';
export {
  HANDLER_VARIABLES,
  type OfflineOptions,
  type OfflineServer,
  OfflineStartError,
  startOffline,
} from './offline-server.js';
export { createOfflineStore, s3rverClient } from './offline-store.js';
export {
  type AthenaApi,
  AthenaBytesScannedLimitError,
  AthenaCredentialsError,
  type AthenaEngineOptions,
  type AthenaProgress,
  AthenaQueryFailedError,
  AthenaRequestError,
  type AthenaSettings,
  athenaApi,
  athenaSettings,
  athenaSetupSql,
  athenaTableTemplateSql,
  BACKEND_ARGS,
  BACKEND_USAGE,
  type BackendOptions,
  backendOptions,
  createAthenaEngine,
  createLocalEngine,
  createTableSql,
  formatResult,
  type LocalEngineOptions,
  LocalQueryError,
  loadTrackerConfig,
  type OutputFormat,
  parseCreateTables,
  type QueryEngine,
  QueryError,
  type QueryErrorCode,
  type QueryResult,
  rowObjects,
  runQueryCli,
  type SqlStatement,
  splitSql,
} from './query/index.js';
export { consoleObserver } from './request-log.js';
export { type S3Server, startS3Server } from './s3-server.js';
export {
  listStoredObjects,
  readStoredRows,
  S3RVER_OBJECT_SUFFIX,
  type StoredObjectFile,
} from './stored-rows.js';
export { loadTrackerConfigFile } from './tracker-config-file.js';
