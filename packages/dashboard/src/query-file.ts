import { readFile } from 'node:fs/promises';
import { splitSql } from '@analytics-tracker/query';
import { QueryFileError } from './errors.js';
import { type EventsSource, eventsSubquery } from './events-source.js';
import { DEFAULT_TIME_ZONE, dayWindow, timeZoneLiteral } from './time-zone.js';

/** The placeholder of the chosen events; with the three below, the only ones filled (any other is an error). */
export const EVENTS_PLACEHOLDER = '{{events}}';
/** The dashboard's "now" as an ISO timestamp literal (`'2025-03-15T12:00:00.000Z'`), for "last 5 minutes". */
export const NOW_PLACEHOLDER = '{{now}}';
/** The page's time zone as a quoted IANA name (`'America/New_York'`), for `AT TIME ZONE`. */
export const TIME_ZONE_PLACEHOLDER = '{{time_zone}}';
/** The first instant of the range's first local day, as an ISO timestamp literal: hour 0 of the hourly chart. */
export const RANGE_START_PLACEHOLDER = '{{range_start}}';
const PLACEHOLDERS = new Set([
  EVENTS_PLACEHOLDER,
  NOW_PLACEHOLDER,
  TIME_ZONE_PLACEHOLDER,
  RANGE_START_PLACEHOLDER,
]);
const PLACEHOLDER = /\{\{[^}]*\}\}/g;

/** The file of the page's named queries, relative to the repository root. */
export const DASHBOARD_QUERIES_FILE = 'sql/dashboard-queries.sql';

/** The dashboard's named query templates, by name. */
export type DashboardQueries = ReadonlyMap<string, string>;

// splitSql keeps the comments above a statement; the file's header belongs to no panel.
function fromNameComment(sql: string): string {
  const start = sql.search(/^--\s*name:/m);
  return start === -1 ? sql : sql.slice(start);
}

/**
 * Parses sql/dashboard-queries.sql: every statement must be named, and every one of `required`
 * must be there, so a renamed query fails at start-up rather than as an empty panel.
 *
 * @example
 * const queries = parseDashboardQueries(text, ['headline', 'top_pages']);
 */
export function parseDashboardQueries(text: string, required: readonly string[]): DashboardQueries {
  const queries = new Map<string, string>();
  for (const statement of splitSql(text)) {
    if (!statement.name) throw new QueryFileError(`A statement has no "-- name:" comment: ${statement.sql}`);
    const sql = fromNameComment(statement.sql);
    const unknown = (sql.match(PLACEHOLDER) ?? []).filter((token) => !PLACEHOLDERS.has(token));
    if (unknown.length > 0) {
      throw new QueryFileError(
        `Query ${statement.name} uses ${unknown.join(', ')}; only ${[...PLACEHOLDERS].join(', ')} are filled in`,
      );
    }
    queries.set(statement.name, sql);
  }
  const missing = required.filter((name) => !queries.has(name));
  if (missing.length > 0) throw new QueryFileError(`Missing queries: ${missing.join(', ')}`);
  return queries;
}

/**
 * Reads and parses the query file (see `parseDashboardQueries`).
 *
 * @example
 * const queries = await loadDashboardQueries('/repo/sql/dashboard-queries.sql', PANEL_QUERY_NAMES);
 */
export async function loadDashboardQueries(
  path: string,
  required: readonly string[],
): Promise<DashboardQueries> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new QueryFileError(`Could not read ${path}: ${(error as Error).message}`);
  }
  return parseDashboardQueries(text, required);
}

/**
 * The exact SQL a panel runs: the named template with `{{events}}` replaced by the subquery over
 * the chosen apps, days and filters, `{{now}}` by the given time, `{{time_zone}}` by the source's
 * zone and `{{range_start}}` by the first instant of its range. Nothing else of the text changes.
 *
 * @example
 * querySql(queries, 'top_pages', { database: 'analytics_db', apps: [{ name: 'app1' }], range });
 */
export function querySql(queries: DashboardQueries, name: string, source: EventsSource, now?: Date): string {
  const template = queries.get(name);
  if (template === undefined) throw new QueryFileError(`No query named ${name}`);
  const events = eventsSubquery(source);
  if (template.includes(NOW_PLACEHOLDER) && !now) throw new QueryFileError(`Query ${name} needs a time`);
  // toISOString() only ever yields digits, '-', ':', '.', 'T' and 'Z': safe inside the quotes.
  const time = now ? `'${now.toISOString()}'` : '';
  const timeZone = source.timeZone ?? DEFAULT_TIME_ZONE;
  const start = `'${dayWindow(source.range, timeZone).start.toISOString()}'`;
  // Function replacements, so `$` in the subquery is never read as a replacement pattern.
  return template
    .replaceAll(EVENTS_PLACEHOLDER, () => events)
    .replaceAll(NOW_PLACEHOLDER, () => time)
    .replaceAll(TIME_ZONE_PLACEHOLDER, () => timeZoneLiteral(timeZone))
    .replaceAll(RANGE_START_PLACEHOLDER, () => start);
}
