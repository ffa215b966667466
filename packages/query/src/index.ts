// Public entry of @analytics-tracker/query: the SQL in sql/ on DuckDB (local data) or Athena, and `npm run query`.

export {
  type AthenaCompactedDay,
  type AthenaCompactionOptions,
  COMPACTED_MARKER,
  type CompactionStore,
  compactOnAthena,
  scheduledDays,
} from './athena-compaction.js';
export {
  type AthenaApi,
  type AthenaEngineOptions,
  type AthenaProgress,
  athenaApi,
  createAthenaEngine,
} from './athena-engine.js';
export {
  type AthenaSettings,
  athenaSettings,
  BACKEND_ARGS,
  BACKEND_USAGE,
  type BackendOptions,
  backendOptions,
} from './backend-options.js';
export { localDataProblem } from './cli-local-data.js';
export { parseQueryArgs, QUERY_ARGS, QUERY_USAGE, type QueryCliOptions } from './cli-options.js';
export {
  COMPACTED_FILE,
  type CompactedDay,
  type CompactLocalOptions,
  compactLocal,
  daysToCompact,
} from './compact-local.js';
export { createLocalEngine, type LocalEngine, type LocalEngineOptions } from './duckdb-engine.js';
export {
  AthenaBytesScannedLimitError,
  AthenaCredentialsError,
  AthenaQueryFailedError,
  AthenaRequestError,
  LocalQueryError,
  NoLocalDataError,
  QueryError,
  type QueryErrorCode,
  QueryNotFoundError,
  UnsupportedColumnTypeError,
  UsageError,
} from './errors.js';
export {
  formatCsv,
  formatJson,
  formatResult,
  formatTable,
  OUTPUT_FORMATS,
  type OutputFormat,
} from './format.js';
export { hiveToDuckDbType } from './hive-types.js';
export { LOCAL_CACHE_FILE } from './local-cache.js';
export {
  type BucketObjects,
  compactedDir,
  listBucketObjects,
  listCompactedFiles,
  pendingObjects,
} from './local-objects.js';
export { localCompactedViewSql, localViewSql } from './local-views.js';
export { ownSqlFile } from './own-sql.js';
export { type QueryEngine, type QueryResult, type ResultColumn, rowObjects } from './result.js';
export { COMPACT_ARGS, COMPACT_USAGE, type CompactCliIo, runCompactCli } from './run-compact-cli.js';
export { EXAMPLE_QUERIES_FILE, type QueryCliIo, runQueryCli } from './run-query-cli.js';
export { queryNames, type SqlStatement, splitSql } from './sql-file.js';
export { TRINO_MACROS } from './trino-macros.js';
