import { type AppConfig, readingViewName } from '@analytics-tracker/schema';
import { type DayRange, daysOf, parseDay } from './date-range.js';
import { BadParameterError } from './errors.js';
import { type Filter, filterConditions } from './filters.js';

/** Which events a panel reads: some configured apps' tables, over a range of days. */
export interface EventsSource {
  /** The Glue database (`analytics_db`). */
  database: string;
  /** One app, or every configured app for "all apps". */
  apps: readonly Pick<AppConfig, 'name'>[];
  range: DayRange;
  /** Clicked values every event must have (`page = '/pricing'`); none by default. */
  filters?: readonly Filter[];
}

// The config schema already restricts these; checked again because they are spliced into SQL.
const IDENTIFIER = /^[a-z][a-z0-9_]*$/;

const quoted = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');

function partitionFilter(range: DayRange): string {
  // Re-validated here: only YYYY-MM-DD strings of real days are ever written into the SQL text.
  parseDay(range.from, 'from');
  parseDay(range.to, 'to');
  const days = daysOf(range);
  const years = [...new Set(days.map((day) => day.slice(0, 4)))];
  const months = [...new Set(days.map((day) => day.slice(5, 7)))].sort();
  // year/month IN (...) are plain partition-column domains Athena prunes on for sure; the concat
  // comparison (as in example-queries.sql) then keeps exactly the range's days.
  return (
    `year IN (${quoted(years)}) AND month IN (${quoted(months)})\n` +
    `      AND concat(year, '-', month, '-', day) BETWEEN '${range.from}' AND '${range.to}'`
  );
}

function view(database: string, app: Pick<AppConfig, 'name'>): string {
  const name = readingViewName(app);
  if (!IDENTIFIER.test(database) || !IDENTIFIER.test(name)) {
    throw new BadParameterError(`Not a table name: ${database}.${name}`);
  }
  return `${database}.${name}`;
}

/**
 * What `{{events}}` in sql/dashboard-queries.sql becomes: a subquery over the chosen apps' reading
 * views (each eventId once; UNION ALL for several apps), filtered on the partitions of the range,
 * with an `app` column so that sessions and visitors are told apart per app, and the clicked filters.
 * Built only from configured names, validated days and quoted, validated filter values, so the same
 * text runs on DuckDB and Athena.
 *
 * @example
 * eventsSubquery({ database: 'analytics_db', apps: [{ name: 'app1' }], range: { from: '2025-03-15', to: '2025-03-15', days: 1 } });
 * // (SELECT 'app1' AS app, * FROM analytics_db.app1_events_dedup WHERE year IN ('2025') AND month IN ('03') AND concat(...) BETWEEN '2025-03-15' AND '2025-03-15') AS events
 */
export function eventsSubquery(source: EventsSource): string {
  if (source.apps.length === 0) throw new BadParameterError('No app to read: tracker.config.ts lists none');
  const filter = [partitionFilter(source.range), ...filterConditions(source.filters ?? [])].join(
    '\n      AND ',
  );
  const selects = source.apps.map(
    (app) => `SELECT '${app.name}' AS app, * FROM ${view(source.database, app)}\n    WHERE ${filter}`,
  );
  return `(\n    ${selects.join('\n    UNION ALL\n    ')}\n  ) AS events`;
}
