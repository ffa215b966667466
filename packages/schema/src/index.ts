export {
  athenaSetupSql,
  athenaTableTemplateSql,
  createTableSql,
  type DdlColumn,
  type DdlTable,
  parseCreateTables,
  TEMPLATE_PLACEHOLDERS,
} from './athena-ddl.js';
export { bucketNameProblem, isValidBucketName } from './bucket-name.js';
export { type Column, PARTITION_COLUMNS, storedRowColumns } from './columns.js';
export {
  COMPACTED_PREFIX,
  compactedTableDefinition,
  compactedTableName,
  PARQUET_COMPRESSION,
  PARQUET_SERDE,
} from './compacted-table.js';
export {
  type CompactionTarget,
  compactedDayPrefix,
  compactionSelectSql,
  compactionSql,
} from './compaction.js';
export { didYouMean } from './config-issues.js';
export { CORS_POLICY } from './cors.js';
export { type DayWindow, dayIn, lastDays, lastDaysSql, WINDOW_DAYS, type WindowName } from './day-window.js';
export {
  type DeploymentNames,
  deploymentNames,
  type NamingConfig,
  type NamingProblem,
  namingProblems,
} from './deployment-names.js';
export {
  ConfigNotFoundError,
  InvalidConfigError,
  InvalidDayError,
  InvalidHandlerEnvError,
  SchemaError,
  type SchemaErrorCode,
  UnmappedFieldError,
} from './errors.js';
export {
  type BatchRequest,
  BatchRequestSchema,
  BucketNameSchema,
  EVENT_ID_PATTERN,
  type EventFields,
  EventFieldsSchema,
  MetadataSchema,
  type ParsedEventFields,
  type TrackRequest,
  TrackRequestSchema,
  type Viewport,
  ViewportSchema,
} from './event.js';
export { generatedSqlFiles } from './generate-sql.js';
export {
  DEFAULT_STAGE_NAMES,
  EMPTY_ALLOWED_BUCKETS,
  type HandlerConfig,
  HandlerConfigSchema,
  type HandlerDeployment,
  handlerConfigFromEnv,
  handlerConfigFromTracker,
  handlerEnv,
  METRICS_NAMESPACE,
} from './handler-config.js';
export { isPlainObject, type JsonObject, type JsonValue, jsonDepth } from './json.js';
export { LEGACY_ROW, legacyColumnExpression } from './legacy-rows.js';
export { LIMITS, MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH } from './limits.js';
export {
  type PartitionDay,
  partitionDay,
  partitionDayOf,
  partitionDayText,
  previousPartitionDay,
} from './partition-day.js';
export {
  CLIENT_CLOCK_WINDOW,
  DAY_COLUMNS,
  firstStoredCopiesSql,
  type ReadingView,
  readingView,
  readingViewName,
  readingViewSql,
  type ViewColumn,
} from './reading-view.js';
export {
  type BatchResponse,
  BatchResponseSchema,
  type ErrorResponse,
  ErrorResponseSchema,
  type Issue,
  IssueSchema,
  type RejectedEvent,
  RejectedEventSchema,
  type TrackResponse,
  TrackResponseSchema,
} from './responses.js';
export {
  type DeviceInfo,
  type LocationInfo,
  type StoredRow,
  StoredRowSchema,
  type UtmInfo,
} from './stored-row.js';
export {
  dayProjection,
  JSON_SERDE,
  PROJECTION_FIRST_YEAR,
  PROJECTION_YEARS_AHEAD,
  projectionYears,
  type TableDefinition,
  type TableStorage,
  tableDefinition,
} from './table-definition.js';
export { isTimeZone } from './time-zone.js';
export { normalizeTimestamp, TIMESTAMP_ERROR, TimestampSchema } from './timestamp.js';
export {
  type AppConfig,
  AppConfigSchema,
  allowedBucketPatterns,
  bucketOrigins,
  corsOrigins,
  DEFAULT_RATE_LIMIT_PER_5_MINUTES,
  DEFAULT_RAW_RETENTION_DAYS,
  DEFAULT_RESERVED_CONCURRENCY,
  defineConfig,
  LOG_RETENTION_DAYS,
  MIN_RAW_RETENTION_DAYS,
  parseTrackerConfig,
  saltParameterPath,
  type TrackerConfig,
  type TrackerConfigInput,
  TrackerConfigSchema,
  tableName,
} from './tracker-config.js';
export { type UserAgentMode, UserAgentModeSchema } from './user-agent-mode.js';
export { hasLoneSurrogate, LONE_SURROGATE_MESSAGE, loneSurrogatePath } from './well-formed.js';
