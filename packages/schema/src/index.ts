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
export { didYouMean } from './config-issues.js';
export { CORS_POLICY } from './cors.js';
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
  CLIENT_CLOCK_WINDOW,
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
  JSON_SERDE,
  PROJECTION_FIRST_YEAR,
  PROJECTION_YEARS_AHEAD,
  projectionYears,
  type TableDefinition,
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
  DEFAULT_RESERVED_CONCURRENCY,
  defineConfig,
  LOG_RETENTION_DAYS,
  parseTrackerConfig,
  saltParameterPath,
  type TrackerConfig,
  type TrackerConfigInput,
  TrackerConfigSchema,
  tableName,
} from './tracker-config.js';
export { type UserAgentMode, UserAgentModeSchema } from './user-agent-mode.js';
export { hasLoneSurrogate, LONE_SURROGATE_MESSAGE, loneSurrogatePath } from './well-formed.js';
