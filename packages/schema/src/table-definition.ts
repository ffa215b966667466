import { type Column, PARTITION_COLUMNS, storedRowColumns } from './columns.js';
import { type AppConfig, type TrackerConfig, tableName } from './tracker-config.js';

/** First year partition projection enumerates (the tracker did not exist before). */
export const PROJECTION_FIRST_YEAR = 2024;

/** Years past the current one that partition projection still covers. */
export const PROJECTION_YEARS_AHEAD = 2;

/**
 * The years partition projection enumerates: from the first year to two years past `now` (UTC).
 * Athena lists every projected partition a query does not filter out, so a range to 2099 made an
 * unbounded query enumerate 76 years of days. The end moves with each `npm run synth` (or
 * `npm run sql:generate`); a deployment not re-synthesized for two years stops seeing new years.
 *
 * @example
 * projectionYears(new Date('2026-11-30T00:00:00Z')); // { from: 2024, to: 2028 }
 */
export function projectionYears(now: Date): { from: number; to: number } {
  return { from: PROJECTION_FIRST_YEAR, to: now.getUTCFullYear() + PROJECTION_YEARS_AHEAD };
}

/**
 * Athena reads rows with the Hive JSON SerDe, not the OpenX one the seed used: AWS documents that
 * OpenX can return non-deterministic results (extra, missing or null rows) and names the Hive SerDe
 * as the workaround. The Hive SerDe looks fields up by lower-cased name (HCatSchema positions are
 * lower case), so the camelCase keys the handler writes (`eventType`) fill the lower-case columns
 * (`eventtype`). `metadata` is a JSON-encoded string, so any key stays queryable with
 * `json_extract_scalar(metadata, '$.plan')` and never changes the table.
 */
export const JSON_SERDE = {
  library: 'org.apache.hive.hcatalog.data.JsonSerDe',
  inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
} as const;

/** How a table's files are read and written: the SerDe library and the Hadoop input/output formats. */
export interface TableStorage {
  library: string;
  inputFormat: string;
  outputFormat: string;
}

/** Everything Glue (terraform/) and the Athena DDL (sql/) need to define one app's table. */
export interface TableDefinition {
  database: string;
  name: string;
  /** `s3://<bucket>/analytics/` (raw JSON) or `s3://<bucket>/compacted/` (Parquet) */
  location: string;
  columns: Column[];
  partitionKeys: { name: (typeof PARTITION_COLUMNS)[number]; type: 'string' }[];
  serde: TableStorage;
  /**
   * Table properties: partition projection over year/month/day with `storage.location.template`,
   * so a new day is queryable the moment its first object lands (no `MSCK REPAIR TABLE`).
   * The template holds literal `${year}` placeholders (escape them as `$${year}` in Terraform).
   */
  parameters: Record<string, string>;
}

/**
 * The table of one app, derived from the stored-row schema and the tracker config; `now` sets where
 * partition projection ends (see `projectionYears`).
 *
 * @example
 * const table = tableDefinition(config, config.apps[0]);
 * table.name; // 'app1_events'
 * table.parameters['storage.location.template']; // 's3://app1-analytics-prod/analytics/year=${year}/month=${month}/day=${day}/'
 */
export function tableDefinition(
  config: Pick<TrackerConfig, 'glueDatabase'>,
  app: Pick<AppConfig, 'name' | 'bucket'>,
  now: Date = new Date(),
): TableDefinition {
  const location = `s3://${app.bucket}/analytics/`;
  return {
    database: config.glueDatabase,
    name: tableName(app),
    location,
    columns: storedRowColumns(),
    partitionKeys: PARTITION_COLUMNS.map((name) => ({ name, type: 'string' as const })),
    serde: JSON_SERDE,
    parameters: { EXTERNAL: 'TRUE', classification: 'json', ...dayProjection(location, now) },
  };
}

/**
 * Partition projection over `year=/month=/day=` under `location`, shared by the raw JSON table and the
 * compacted Parquet table, so both enumerate the same days.
 *
 * @example
 * dayProjection('s3://app1-analytics-prod/compacted/', now)['storage.location.template'];
 * // 's3://app1-analytics-prod/compacted/year=${year}/month=${month}/day=${day}/'
 */
export function dayProjection(location: string, now: Date): Record<string, string> {
  const years = projectionYears(now);
  return {
    'projection.enabled': 'true',
    'projection.year.type': 'integer',
    'projection.year.range': `${years.from},${years.to}`,
    'projection.month.type': 'integer',
    'projection.month.range': '1,12',
    'projection.month.digits': '2',
    'projection.day.type': 'integer',
    'projection.day.range': '1,31',
    'projection.day.digits': '2',
    'storage.location.template': `${location}year=\${year}/month=\${month}/day=\${day}/`,
  };
}
