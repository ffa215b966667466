import { type AppConfig, dayIn, readingViewName } from '@analytics-tracker/schema';
import { type DayRange, daysOf, parseDay } from './date-range.js';
import { BadParameterError } from './errors.js';
import { type Filter, filterConditions } from './filters.js';
import { checkedTimeZone, DEFAULT_TIME_ZONE, dayWindow } from './time-zone.js';

/** Which events a panel reads: some configured apps' tables, over a range of days of a time zone. */
export interface EventsSource {
  /** The Glue database (`analytics_db`). */
  database: string;
  /** One app, or every configured app for "all apps". */
  apps: readonly Pick<AppConfig, 'name'>[];
  range: DayRange;
  /** Clicked values every event must have (`page = '/pricing'`); none by default. */
  filters?: readonly Filter[];
  /** IANA zone of the range's days (UTC by default). */
  timeZone?: string;
  /** IANA zone of the `year/month/day` partitions (the config's `partitionTimeZone`; UTC by default). */
  partitionTimeZone?: string;
}

// The config schema already restricts these; checked again because they are spliced into SQL.
const IDENTIFIER = /^[a-z][a-z0-9_]*$/;

const quoted = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');

const DAY_MS = 86_400_000;

/**
 * The partition days that can hold the events of `[start, end)`: the partition-zone days of those
 * instants, widened by a day on each side, since an event counts at its (bounded) client time, which
 * may lie up to a day before or an hour after the server time that chose its partition.
 */
function partitionDays(start: Date, end: Date, partitionTimeZone: string): DayRange {
  const from = dayIn(new Date(start.getTime() - DAY_MS), partitionTimeZone);
  const to = dayIn(new Date(end.getTime() + DAY_MS - 1), partitionTimeZone);
  return { from, to, days: Math.round((parseDay(to, 'to') - parseDay(from, 'from')) / DAY_MS) + 1 };
}

/**
 * The events of the range's local days: the partitions that can hold them (so Athena prunes), then
 * exactly the instants of those days on the event time (the reading view's bounded `timestamp`).
 */
function rangeFilter(range: DayRange, timeZone: string, partitionTimeZone: string): string {
  // Re-validated here: only YYYY-MM-DD strings of real days are ever written into the SQL text.
  parseDay(range.from, 'from');
  parseDay(range.to, 'to');
  const { start, end } = dayWindow(range, checkedTimeZone(timeZone));
  const partitions = partitionDays(start, end, checkedTimeZone(partitionTimeZone));
  const days = daysOf(partitions);
  const years = [...new Set(days.map((day) => day.slice(0, 4)))];
  const months = [...new Set(days.map((day) => day.slice(5, 7)))].sort();
  // year/month IN (...) are plain partition-column domains Athena prunes on for sure; the concat
  // comparison (as in example-queries.sql) then keeps the partition days; the instants (toISOString:
  // digits, '-', ':', '.', 'T', 'Z' only) keep exactly the range.
  return (
    `year IN (${quoted(years)}) AND month IN (${quoted(months)})\n` +
    `      AND concat(year, '-', month, '-', day) BETWEEN '${partitions.from}' AND '${partitions.to}'\n` +
    `      AND from_iso8601_timestamp("timestamp") >= from_iso8601_timestamp('${start.toISOString()}')\n` +
    `      AND from_iso8601_timestamp("timestamp") < from_iso8601_timestamp('${end.toISOString()}')`
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
 * views (each eventId once; UNION ALL for several apps), filtered on the partitions that can hold the
 * range (one day wider on each side) and exactly on the event time of the range's local days, with an
 * `app` column so that sessions and visitors are told apart per app, and the clicked filters.
 * Built only from configured names, validated days, listed zones and quoted, validated filter values,
 * so the same text runs on DuckDB and Athena.
 *
 * @example
 * eventsSubquery({ database: 'analytics_db', apps: [{ name: 'app1' }], range: { from: '2025-03-15', to: '2025-03-15', days: 1 } });
 * // (SELECT 'app1' AS app, * FROM analytics_db.app1_events_dedup WHERE year IN ('2025') AND month IN ('03') AND concat(...) BETWEEN '2025-03-15' AND '2025-03-15') AS events
 */
export function eventsSubquery(source: EventsSource): string {
  if (source.apps.length === 0) throw new BadParameterError('No app to read: tracker.config.ts lists none');
  const range = rangeFilter(
    source.range,
    source.timeZone ?? DEFAULT_TIME_ZONE,
    source.partitionTimeZone ?? DEFAULT_TIME_ZONE,
  );
  const filter = [range, ...filterConditions(source.filters ?? [])].join('\n      AND ');
  const selects = source.apps.map(
    (app) => `SELECT '${app.name}' AS app, * FROM ${view(source.database, app)}\n    WHERE ${filter}`,
  );
  return `(\n    ${selects.join('\n    UNION ALL\n    ')}\n  ) AS events`;
}
