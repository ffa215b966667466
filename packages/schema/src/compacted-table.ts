import { PARTITION_COLUMNS, storedRowColumns } from './columns.js';
import { dayProjection, type TableDefinition, type TableStorage } from './table-definition.js';
import type { AppConfig, TrackerConfig } from './tracker-config.js';

/**
 * Where compacted days live in an app's bucket, beside `analytics/`: the tracker never writes here
 * (its keys are always under `analytics/`), and the raw JSON lifecycle rule (scoped to `analytics/`)
 * never expires it.
 */
export const COMPACTED_PREFIX = 'compacted/';

/** Parquet through Hive's Parquet SerDe: the format Athena's `INSERT INTO` writes for this table. */
export const PARQUET_SERDE: TableStorage = {
  library: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
};

/**
 * ZSTD: Athena engine 3 reads and writes it for Parquet (AWS's "Hive table compression" table), and
 * DuckDB writes it with `COMPRESSION zstd`; it packs text columns tighter than Snappy.
 */
export const PARQUET_COMPRESSION = 'ZSTD';

/**
 * The name of an app's compacted table: `<name>_events_compacted`.
 *
 * @example
 * compactedTableName({ name: 'app1' }); // 'app1_events_compacted'
 */
export function compactedTableName(app: Pick<AppConfig, 'name'>): string {
  return `${app.name}_events_compacted`;
}

/**
 * The Parquet table of one app: the same columns as its JSON table (generated from the stored-row
 * schema), partitioned by the same `year/month/day` strings and projected the same way, under
 * `s3://<bucket>/compacted/`. Each day holds the rows the reading view counts for that day, already
 * deduplicated and normalised (see `compactionSql`), sorted by event type then time.
 *
 * @example
 * const table = compactedTableDefinition(config, config.apps[0]);
 * table.name; // 'app1_events_compacted'
 * table.location; // 's3://app1-analytics-prod/compacted/'
 */
export function compactedTableDefinition(
  config: Pick<TrackerConfig, 'glueDatabase'>,
  app: Pick<AppConfig, 'name' | 'bucket'>,
  now: Date = new Date(),
): TableDefinition {
  const location = `s3://${app.bucket}/${COMPACTED_PREFIX}`;
  return {
    database: config.glueDatabase,
    name: compactedTableName(app),
    location,
    columns: storedRowColumns(),
    partitionKeys: PARTITION_COLUMNS.map((name) => ({ name, type: 'string' as const })),
    serde: PARQUET_SERDE,
    parameters: {
      EXTERNAL: 'TRUE',
      classification: 'parquet',
      // The codec INSERT INTO writes with: Hive's own property name, and the one Athena documents.
      'parquet.compression': PARQUET_COMPRESSION,
      'write.compression': PARQUET_COMPRESSION,
      ...dayProjection(location, now),
    },
  };
}
