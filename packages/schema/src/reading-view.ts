import type { Column } from './columns.js';
import { PARTITION_COLUMNS } from './columns.js';
import { compactedTableName } from './compacted-table.js';
import { legacyColumnExpression } from './legacy-rows.js';
import { PROJECTION_FIRST_YEAR, type TableDefinition } from './table-definition.js';
import type { AppConfig } from './tracker-config.js';

/** One column of the reading view: its name and the SQL expression over the raw table's row. */
export interface ViewColumn {
  /** Column name, as the raw table names it (lower case). */
  name: string;
  /** A SQL expression both Trino and DuckDB accept, over the raw table's columns. */
  expression: string;
}

/** The deduplicated reading view of one app: what every query, panel and `npm run query` reads. */
export interface ReadingView {
  database: string;
  /** `<app>_events_dedup` */
  name: string;
  /** The raw table it reads (`<database>.<app>_events`), kept as it is for forensics. */
  source: string;
  /** The compacted Parquet table it reads for compacted days (`<database>.<app>_events_compacted`). */
  compacted: string;
  /** Every column of the raw table (partitions last), each with its expression. */
  columns: ViewColumn[];
}

const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * How far a client's clock may be from the server's before its `timestamp` is not believed: up to
 * one day behind (a page left open, a queue flushed late) and one hour ahead. Outside that window
 * the reading view shows the server's time instead; the table keeps what the client sent.
 */
export const CLIENT_CLOCK_WINDOW = { behind: "INTERVAL '1' DAY", ahead: "INTERVAL '1' HOUR" } as const;

/**
 * The client's `timestamp` when it lies inside `CLIENT_CLOCK_WINDOW` around `serverTimestamp`, else
 * `serverTimestamp`: one bad clock (year 0000, 9999, a fixed date in a README) can no longer
 * stretch a session over years. `clientTime` is the expression of the client's time as ISO text.
 */
function boundedClientTime(clientTime: string): string {
  const server = 'from_iso8601_timestamp("servertimestamp")';
  return (
    `CASE WHEN from_iso8601_timestamp(${clientTime}) BETWEEN ${server} - ${CLIENT_CLOCK_WINDOW.behind} ` +
    `AND ${server} + ${CLIENT_CLOCK_WINDOW.ahead} THEN ${clientTime} ELSE "servertimestamp" END`
  );
}

/**
 * The column as read: rows of the original tracker normalised first (`legacyColumnExpression`:
 * `is_bot` missing, `"unknown"` placeholders, epoch timestamps, ...), then `timestamp`, of either
 * writer, bounded to the client-clock window.
 */
function columnExpression(column: Column): string {
  const value = legacyColumnExpression(column) ?? quoted(column.name);
  return column.name === 'timestamp' ? boundedClientTime(value) : value;
}

/**
 * The name of an app's reading view: `<name>_events_dedup`.
 *
 * @example
 * readingViewName({ name: 'app1' }); // 'app1_events_dedup'
 */
export function readingViewName(app: Pick<AppConfig, 'name'>): string {
  return `${app.name}_events_dedup`;
}

/**
 * The reading view of an app's table, generated from the table definition (so from the stored-row
 * schema): the same columns, each the stored value, except the columns that rows of the original
 * tracker hold differently (`legacyColumnExpression`: `is_bot` missing, `"unknown"` placeholders,
 * epoch timestamps, ...), normalised here, and `timestamp`, which is then bounded to the client-clock
 * window (`CLIENT_CLOCK_WINDOW`). One place, and Athena and DuckDB both pick it up: there is no
 * second view for legacy rows.
 *
 * @example
 * const view = readingView(tableDefinition(config, app), app);
 * view.name; // 'app1_events_dedup'
 * view.columns.find((c) => c.name === 'eventtype'); // { name: 'eventtype', expression: '"eventtype"' }
 */
export function readingView(table: TableDefinition, app: Pick<AppConfig, 'name'>): ReadingView {
  // Rows the original tracker wrote under the same prefix read like ours (see legacy-rows.ts).
  const columns = table.columns.map((column) => ({
    name: column.name,
    expression: columnExpression(column),
  }));
  return {
    database: table.database,
    name: readingViewName(app),
    source: `${table.database}.${table.name}`,
    compacted: `${table.database}.${compactedTableName(app)}`,
    columns: [...columns, ...PARTITION_COLUMNS.map((name) => ({ name, expression: quoted(name) }))],
  };
}

/** The order that decides which copy of an `eventId` is the one stored first, ties broken on further columns. */
const STORED_FIRST = ['servertimestamp', ...PARTITION_COLUMNS, 'timestamp', 'eventtype', 'page'];

/** The columns of a partition-day relation (`days` below): the day and the day before it. */
export const DAY_COLUMNS = [
  ...PARTITION_COLUMNS,
  ...PARTITION_COLUMNS.map((name) => `previous_${name}`),
] as const;

const sameDay = (left: string, right: string, prefix = ''): string =>
  PARTITION_COLUMNS.map((name) => `${left}.${quoted(name)} = ${right}.${quoted(`${prefix}${name}`)}`).join(
    ' AND ',
  );

/**
 * The rows the reading view counts for some days, the one rule shared by the view's raw days and by
 * compaction (`compactionSql`), so a day counts the same before and after it is compacted:
 * - within a day, each `eventId` once: the copy stored first (earliest `serverTimestamp`, ties broken
 *   on further columns so both engines pick the same copy); rows without an `eventId` are all kept;
 * - a copy whose `eventId` was already stored the day before is a retry (a batch resent after
 *   midnight UTC, an event sent again the next morning) and does not count again.
 * Copies two or more days apart count once per day: the look-back is one day so that a query (or a
 * compaction) of a day reads that day's and the previous day's partitions, never the whole table.
 *
 * `days` names a relation with the columns of `DAY_COLUMNS`; the raw table is joined to it on its
 * partition columns, so Trino's dynamic filtering can prune the raw partitions to those days.
 * `columns` chooses the output columns (each the view's expression, so normalisation is the same).
 *
 * @example
 * firstStoredCopiesSql(view, 'raw_days', view.columns);
 */
export function firstStoredCopiesSql(
  view: ReadingView,
  days: string,
  columns: readonly ViewColumn[],
): string {
  const order = STORED_FIRST.map((name) => `raw.${quoted(name)}`).join(', ');
  const window = ['eventid', ...PARTITION_COLUMNS].map((name) => `raw.${quoted(name)}`).join(', ');
  return [
    'SELECT',
    columns.map((column) => `       ${column.expression} AS ${quoted(column.name)}`).join(',\n'),
    'FROM (',
    `  SELECT raw.*, row_number() OVER (PARTITION BY ${window} ORDER BY ${order}) AS stored_copy`,
    `  FROM ${view.source} AS raw`,
    `  JOIN ${days} AS days ON ${sameDay('raw', 'days')}`,
    ') AS copies',
    'WHERE (copies.stored_copy = 1 OR copies."eventid" IS NULL)',
    '  AND NOT EXISTS (',
    '    SELECT 1',
    `    FROM ${view.source} AS earlier`,
    `    JOIN ${days} AS days ON ${sameDay('earlier', 'days', 'previous_')}`,
    `    WHERE earlier."eventid" = copies."eventid" AND ${sameDay('copies', 'days')}`,
    '  )',
  ].join('\n');
}

/**
 * The days partition projection can hold (from `PROJECTION_FIRST_YEAR` to tomorrow, UTC) that are not
 * compacted, each with the day before: the raw days the reading view reads. A calendar, not a scan of
 * the raw table, so the raw table is only read through the join on its partition columns.
 */
function rawDaysSql(view: ReadingView): string {
  const day = (expression: string, prefix: string) =>
    [
      `date_format(${expression}, '%Y') AS ${quoted(`${prefix}year`)}`,
      `date_format(${expression}, '%m') AS ${quoted(`${prefix}month`)}`,
      `date_format(${expression}, '%d') AS ${quoted(`${prefix}day`)}`,
    ].join(', ');
  const partitions = PARTITION_COLUMNS.map(quoted).join(', ');
  return [
    'WITH compacted_days AS (',
    `  SELECT DISTINCT ${partitions} FROM ${view.compacted}`,
    '), calendar AS (',
    `  SELECT ${day('d', '')},`,
    `         ${day("d - INTERVAL '1' DAY", 'previous_')}`,
    `  FROM UNNEST(sequence(DATE '${PROJECTION_FIRST_YEAR}-01-01', current_date + INTERVAL '1' DAY, INTERVAL '1' DAY)) AS t (d)`,
    '), raw_days AS (',
    '  SELECT * FROM calendar',
    `  WHERE NOT EXISTS (SELECT 1 FROM compacted_days WHERE ${sameDay('compacted_days', 'calendar')})`,
    ')',
  ].join('\n');
}

/**
 * `CREATE OR REPLACE VIEW` of the reading view, one text for Athena (in sql/athena-setup.sql) and
 * DuckDB (`npm run query`): every row of the compacted Parquet table (already deduplicated and
 * normalised by `compactionSql`, so it needs no window), plus, for the days not compacted yet, the
 * raw rows `firstStoredCopiesSql` counts. A day is read from one side or the other, never both: the
 * raw side reads only the calendar days absent from the compacted table.
 *
 * @example
 * readingViewSql(readingView(tableDefinition(config, app), app));
 * // CREATE OR REPLACE VIEW analytics_db.app1_events_dedup AS WITH compacted_days AS (…) SELECT … UNION ALL …
 */
export function readingViewSql(view: ReadingView): string {
  const names = view.columns.map((column) => quoted(column.name)).join(', ');
  return [
    `CREATE OR REPLACE VIEW ${view.database}.${view.name} AS`,
    rawDaysSql(view),
    `SELECT ${names}`,
    `FROM ${view.compacted}`,
    'UNION ALL',
    firstStoredCopiesSql(view, 'raw_days', view.columns),
  ].join('\n');
}
