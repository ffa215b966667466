import { PARTITION_COLUMNS, type TableDefinition } from '@analytics-tracker/schema';
import { hiveToDuckDbType } from './hive-types.js';
import type { BucketObjects } from './local-objects.js';

const literal = (value: string): string => `'${value.replaceAll("'", "''")}'`;
const identifier = (value: string): string => `"${value.replaceAll('"', '""')}"`;

function readJson(
  table: TableDefinition,
  files: readonly string[],
  compression: 'gzip' | 'uncompressed',
  withPath: boolean,
): string {
  // Keys are the camelCase JSON keys the handler writes; the SELECT renames them to Athena's lower case.
  const columns = table.columns
    .map((column) => `${literal(column.jsonKey)}: ${literal(hiveToDuckDbType(column.type))}`)
    .join(', ');
  const hiveTypes = table.partitionKeys.map((key) => `${literal(key.name)}: 'VARCHAR'`).join(', ');
  const select = [
    ...table.columns.map((column) => `${identifier(column.jsonKey)} AS ${identifier(column.name)}`),
    ...PARTITION_COLUMNS.map((name) => identifier(name)),
    ...(withPath ? [`filename AS ${OBJECT_PATH}`] : []),
  ].join(', ');
  return (
    `SELECT ${select} FROM read_json([${files.map(literal).join(', ')}], ` +
    `format = 'newline_delimited', compression = '${compression}', columns = {${columns}}, ` +
    // Partition values stay strings ('08', not 8), as Athena's projected partitions are.
    `hive_partitioning = true, hive_types = {${hiveTypes}}${withPath ? ', filename = true' : ''})`
  );
}

function emptySelect(table: TableDefinition, withPath = false): string {
  const columns = [
    ...table.columns.map(
      (column) => `CAST(NULL AS ${hiveToDuckDbType(column.type)}) AS ${identifier(column.name)}`,
    ),
    ...table.partitionKeys.map((key) => `CAST(NULL AS VARCHAR) AS ${identifier(key.name)}`),
    ...(withPath ? [`CAST(NULL AS VARCHAR) AS ${OBJECT_PATH}`] : []),
  ];
  return `SELECT ${columns.join(', ')} WHERE false`;
}

/**
 * The column `localViewSql(…, { withPath: true })` adds: the file each row was read from, so a cache
 * of the rows can drop those of an object that is gone.
 */
export const OBJECT_PATH = 'object_path';

/**
 * `CREATE VIEW <database>.<table>` over the objects of one bucket, with the Athena table's column
 * names, types and partition columns, so the same SQL text runs on DuckDB and Athena.
 *
 * @example
 * await connection.run(localViewSql(tableDefinition(config, app), await listBucketObjects(dataDir, app.bucket)));
 * // `{ withPath: true }` adds the column `object_path`: the file of each row.
 */
export function localViewSql(
  table: TableDefinition,
  objects: BucketObjects,
  options: { withPath?: boolean } = {},
): string {
  const withPath = options.withPath ?? false;
  const parts = [
    ...(objects.plain.length > 0 ? [readJson(table, objects.plain, 'uncompressed', withPath)] : []),
    ...(objects.gzip.length > 0 ? [readJson(table, objects.gzip, 'gzip', withPath)] : []),
  ];
  const body = parts.length > 0 ? parts.join('\nUNION ALL\n') : emptySelect(table, withPath);
  return `CREATE OR REPLACE VIEW ${identifier(table.database)}.${identifier(table.name)} AS\n${body}`;
}

/**
 * `CREATE VIEW <database>.<app>_events_compacted` over the Parquet files `npm run compact` wrote, with
 * the partition columns read from their folder names as strings (as Athena's projected partitions),
 * or an empty view of the same columns while nothing is compacted.
 *
 * @example
 * await connection.run(localCompactedViewSql(compactedTableDefinition(config, app), await listCompactedFiles(dataDir, app.bucket)));
 */
export function localCompactedViewSql(table: TableDefinition, files: readonly string[]): string {
  const hiveTypes = table.partitionKeys.map((key) => `${literal(key.name)}: 'VARCHAR'`).join(', ');
  const select = [...table.columns.map((column) => column.name), ...PARTITION_COLUMNS]
    .map(identifier)
    .join(', ');
  const body =
    files.length > 0
      ? `SELECT ${select} FROM read_parquet([${files.map(literal).join(', ')}], ` +
        `hive_partitioning = true, hive_types = {${hiveTypes}})`
      : emptySelect(table);
  return `CREATE OR REPLACE VIEW ${identifier(table.database)}.${identifier(table.name)} AS\n${body}`;
}
