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
 * schema): the same columns, each a plain column reference, except the columns that rows of the
 * original tracker hold differently (`legacyColumnExpression`: `is_bot` missing, `"unknown"`
 * placeholders, epoch timestamps, ...), which are normalised here, in one place, for Athena and DuckDB.
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
    expression: legacyColumnExpression(column) ?? quoted(column.name),
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
