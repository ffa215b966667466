import type { Column } from './columns.js';
import { PARTITION_COLUMNS } from './columns.js';
import { legacyColumnExpression } from './legacy-rows.js';
import type { TableDefinition } from './table-definition.js';
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
    columns: [...columns, ...PARTITION_COLUMNS.map((name) => ({ name, expression: quoted(name) }))],
  };
}

/**
 * `CREATE OR REPLACE VIEW` of the reading view, one text for Athena (in sql/athena-setup.sql) and
 * DuckDB (`npm run query`). Each `eventId` appears once: the copy the server stored first (earliest
 * `serverTimestamp`, then earliest partition), so a retry after midnight, or an event sent alone and
 * again in a batch, counts once, and a later request reusing an id with other content never
 * replaces what was stored first. Rows without an `eventId` are all kept. The ties of the window are
 * broken on further columns so that both engines pick the same copy on every run.
 *
 * @example
 * readingViewSql(readingView(tableDefinition(config, app), app));
 * // CREATE OR REPLACE VIEW analytics_db.app1_events_dedup AS SELECT "eventid" AS "eventid", … WHERE stored_copy = 1 OR "eventid" IS NULL
 */
export function readingViewSql(view: ReadingView): string {
  const columns = view.columns
    .map((column) => `       ${column.expression} AS ${quoted(column.name)}`)
    .join(',\n');
  const order = ['servertimestamp', ...PARTITION_COLUMNS, 'timestamp', 'eventtype', 'page']
    .map(quoted)
    .join(', ');
  return [
    `CREATE OR REPLACE VIEW ${view.database}.${view.name} AS`,
    'SELECT',
    columns,
    'FROM (',
    `  SELECT *, row_number() OVER (PARTITION BY "eventid" ORDER BY ${order}) AS stored_copy`,
    `  FROM ${view.source}`,
    ') AS copies',
    'WHERE stored_copy = 1 OR "eventid" IS NULL',
  ].join('\n');
}
