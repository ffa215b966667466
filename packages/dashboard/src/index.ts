export {
  type AthenaBackendOptions,
  athenaBackend,
  type DashboardBackend,
  type LocalBackendOptions,
  localBackend,
} from './backends.js';
export { DASHBOARD_USAGE, type DashboardCliOptions, parseDashboardArgs } from './cli-options.js';
export {
  type DayRange,
  dayRange,
  daysOf,
  MAX_RANGE_DAYS,
  parseDay,
  previousRange,
  RANGE_PRESETS,
  type RangePreset,
} from './date-range.js';
export {
  BadParameterError,
  DashboardError,
  type DashboardErrorCode,
  DashboardUsageError,
  PortInUseError,
  QueryFileError,
} from './errors.js';
export { type EventsSource, eventsSubquery } from './events-source.js';
export {
  DIRECT_REFERRER,
  FILTER_DIMENSIONS,
  type Filter,
  type FilterDimension,
  filterConditions,
  filterDimension,
  MAX_FILTER_LENGTH,
  parseFilters,
  sqlLiteral,
} from './filters.js';
export {
  type DashboardData,
  type LoadDashboardOptions,
  loadDashboard,
  type PanelResult,
  realtimeRange,
  runPanel,
} from './load-dashboard.js';
export { type LocalRows, openLocalRows } from './local-rows.js';
export { describeFailure, type PanelFailure } from './panel-failure.js';
export { PANEL_QUERY_NAMES, TABLE_PANELS, type TablePanel } from './panels.js';
export {
  DASHBOARD_QUERIES_FILE,
  type DashboardQueries,
  EVENTS_PLACEHOLDER,
  loadDashboardQueries,
  NOW_PLACEHOLDER,
  parseDashboardQueries,
  querySql,
  RANGE_START_PLACEHOLDER,
  TIME_ZONE_PLACEHOLDER,
} from './query-file.js';
export { crossSiteRefusal, type LoadLimiter, loadLimiter, type Refusal } from './request-guard.js';
export { type DashboardCliIo, runDashboardCli } from './run-dashboard-cli.js';
export { ALL_APPS, parseSelection, type Selection, selectedApps, selectionQuery } from './selection.js';
export { type DashboardOptions, type DashboardServer, startDashboard } from './start-dashboard.js';
export {
  checkedTimeZone,
  DEFAULT_TIME_ZONE,
  dayWindow,
  localHours,
  parseTimeZone,
  startOfDay,
  timeZoneLiteral,
} from './time-zone.js';
