import { PARTITION_COLUMNS } from './columns.js';
import { COMPACTED_PREFIX, PARQUET_COMPRESSION } from './compacted-table.js';
import { type PartitionDay, previousPartitionDay } from './partition-day.js';
import { DAY_COLUMNS, firstStoredCopiesSql, type ReadingView } from './reading-view.js';

/** Where a compaction statement runs, and what that changes in its text. */
export type CompactionTarget =
  /** Athena: `INSERT INTO` the compacted table; the partition columns come last in the SELECT. */
  | { engine: 'athena' }
  /** DuckDB: `COPY … TO` one Parquet file inside the day's `year=/month=/day=` folder. */
  | { engine: 'duckdb'; file: string };

const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const literal = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** The one-row relation of the day to compact and the day before it (the columns of `DAY_COLUMNS`). */
function dayRelation(day: PartitionDay): string {
  const previous = previousPartitionDay(day);
  const values = [day.year, day.month, day.day, previous.year, previous.month, previous.day];
  return `(SELECT ${DAY_COLUMNS.map((name, i) => `${literal(values[i] ?? '')} AS ${quoted(name)}`).join(', ')})`;
}

/**
 * The SELECT of one app's day in compacted form: the rows the reading view counts for that day
 * (`firstStoredCopiesSql`, the same rule, so a day counts the same before and after compaction),
 * each column as the view reads it, sorted by event type then time so that Parquet row groups keep
 * tight min/max statistics on what queries filter. With `partitions`, the partition columns come
 * last, as `INSERT INTO` a partitioned Hive table requires; without, they are left to the folder
 * names, as Hive and Athena write Parquet partitions.
 *
 * @example
 * compactionSelectSql(view, partitionDay('2026-11-29'), { partitions: true });
 */
export function compactionSelectSql(
  view: ReadingView,
  day: PartitionDay,
  options: { partitions: boolean },
): string {
  const partitions = new Set<string>(PARTITION_COLUMNS);
  const columns = options.partitions ? view.columns : view.columns.filter((c) => !partitions.has(c.name));
  return `${firstStoredCopiesSql(view, dayRelation(day), columns)}\nORDER BY "eventtype", "timestamp", "eventid"`;
}

/**
 * The compaction statement of one app and one day, rendered for its engine from one definition
 * (`compactionSelectSql`); the renderings differ only in the statement around the SELECT and in where
 * the partition values go:
 * - Athena: `INSERT INTO <db>.<app>_events_compacted <select with partition columns last>`. It
 *   appends: the caller deletes the day's objects under `compacted/year=…/month=…/day=…/` first, so
 *   a re-run replaces the day instead of duplicating it.
 * - DuckDB: `COPY (<select without partition columns>) TO '<file>' (FORMAT parquet, COMPRESSION zstd)`,
 *   the file inside the day's folder; a re-run writes the same file again.
 *
 * @example
 * compactionSql(view, partitionDay('2026-11-29'), { engine: 'athena' });
 * // INSERT INTO analytics_db.app1_events_compacted\nSELECT …
 */
export function compactionSql(view: ReadingView, day: PartitionDay, target: CompactionTarget): string {
  if (target.engine === 'athena') {
    return `INSERT INTO ${view.compacted}\n${compactionSelectSql(view, day, { partitions: true })}`;
  }
  const select = compactionSelectSql(view, day, { partitions: false });
  return `COPY (\n${select}\n) TO ${literal(target.file)} (FORMAT parquet, COMPRESSION ${PARQUET_COMPRESSION.toLowerCase()})`;
}

/**
 * The S3 prefix (inside the app's bucket) of one compacted day: what the compaction deletes before it
 * writes the day again, and where both engines put its Parquet files.
 *
 * @example
 * compactedDayPrefix(partitionDay('2026-11-29')); // 'compacted/year=2026/month=11/day=29/'
 */
export function compactedDayPrefix(day: PartitionDay): string {
  return `${COMPACTED_PREFIX}year=${day.year}/month=${day.month}/day=${day.day}/`;
}
