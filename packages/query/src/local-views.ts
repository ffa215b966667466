import { PARTITION_COLUMNS, type TableDefinition } from '@analytics-tracker/schema';
import { hiveToDuckDbType } from './hive-types.js';
import type { BucketObjects } from './local-objects.js';

const literal = (value: string): string => `'${value.replaceAll("'", "''")}'`;
const identifier = (value: string): string => `"${value.replaceAll('"', '""')}"`;

function readJson(
  table: TableDefinition,
  files: readonly string[],
  compression: 'gzip' | 'uncompressed',
): string {
  // Keys are the camelCase JSON keys the handler writes; the SELECT renames them to Athena's lower case.
  const columns = table.columns
    .map((column) => `${literal(column.jsonKey)}: ${literal(hiveToDuckDbType(column.type))}`)
    .join(', ');
  const hiveTypes = table.partitionKeys.map((key) => `${literal(key.name)}: 'VARCHAR'`).join(', ');
  const select = [
    ...table.columns.map((column) => `${identifier(column.jsonKey)} AS ${identifier(column.name)}`),
    ...PARTITION_COLUMNS.map((name) => identifier(name)),
  ].join(', ');
  return (
    `SELECT ${select} FROM read_json([${files.map(literal).join(', ')}], ` +
    `format = 'newline_delimited', compression = '${compression}', columns = {${columns}}, ` +
    // Partition values stay strings ('08', not 8), as Athena's projected partitions are.
    `hive_partitioning = true, hive_types = {${hiveTypes}})`
  );
}

function emptySelect(table: TableDefinition): string {
  const columns = [
    ...table.columns.map(
      (column) => `CAST(NULL AS ${hiveToDuckDbType(column.type)}) AS ${identifier(column.name)}`,
    ),
    ...table.partitionKeys.map((key) => `CAST(NULL AS VARCHAR) AS ${identifier(key.name)}`),
  ];
  return `SELECT ${columns.join(', ')} WHERE false`;
}

/**
 * `CREATE VIEW <database>.<table>` over the objects of one bucket, with the Athena table's column
 * names, types and partition columns, so the same SQL text runs on DuckDB and Athena.
 *
 * @example
 * await connection.run(localViewSql(tableDefinition(config, app), await listBucketObjects(dataDir, app.bucket)));
 */
export function localViewSql(table: TableDefinition, objects: BucketObjects): string {
  const parts = [
    ...(objects.plain.length > 0 ? [readJson(table, objects.plain, 'uncompressed')] : []),
    ...(objects.gzip.length > 0 ? [readJson(table, objects.gzip, 'gzip')] : []),
  ];
  const body = parts.length > 0 ? parts.join('\nUNION ALL\n') : emptySelect(table);
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
