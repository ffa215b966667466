import {
  type AppConfig,
  compactedDayPrefix,
  compactionSql,
  type PartitionDay,
  partitionDayOf,
  partitionDayText,
  readingView,
  type TrackerConfig,
  tableDefinition,
} from '@analytics-tracker/schema';
import type { QueryEngine } from './result.js';

/** The S3 calls compaction needs on an app's bucket; production wraps an `S3Client`, tests pass a store. */
export interface CompactionStore {
  /** Whether any object exists under the prefix (one `ListObjectsV2` with `MaxKeys: 1`). */
  hasObjects(bucket: string, prefix: string): Promise<boolean>;
  /** Deletes every object under the prefix; returns how many. */
  deleteAll(bucket: string, prefix: string): Promise<number>;
  /** Writes a small object (the day's completion marker). */
  put(bucket: string, key: string, body: string): Promise<void>;
}

/**
 * Written into a compacted day's folder once its `INSERT INTO` succeeded. Athena (Trino's Hive
 * connector) skips files whose names start with `_` or `.`, so it is never read as data; a day whose
 * folder has objects but no marker was left half-written by a failed run and is compacted again.
 */
export const COMPACTED_MARKER = '_COMPACTED';

/** What happened to one app's day. */
export interface AthenaCompactedDay {
  app: string;
  day: string;
  outcome: 'compacted' | 'already-compacted' | 'no-raw-data' | 'failed';
  /** Compacted objects deleted before the day was written again. */
  replacedObjects?: number;
  error?: string;
}

/** What to compact on Athena. */
export interface AthenaCompactionOptions {
  /** An Athena engine on the tracker's workgroup and database. */
  engine: QueryEngine;
  store: CompactionStore;
  config: Pick<TrackerConfig, 'glueDatabase'> &
    Partial<Pick<TrackerConfig, 'partitionTimeZone'>> & {
      apps: readonly Pick<AppConfig, 'name' | 'bucket'>[];
      compaction: Pick<TrackerConfig['compaction'], 'rawRetentionDays'>;
    };
  now: Date;
  /** Compact exactly this day again, whether compacted or not (a backfill or a repair). */
  day?: PartitionDay;
}

const DAY_MS = 86_400_000;

/**
 * The days a scheduled run looks at: yesterday back to the oldest day whose raw JSON, and the day
 * before it, are still inside the retention window, so a day missed by a failed run is compacted by
 * the next one, before its raw JSON expires.
 *
 * @example
 * scheduledDays(new Date('2026-11-30T01:30:00Z'), 7).map(partitionDayText); // ['2026-11-29', …, '2026-11-25']
 */
export function scheduledDays(now: Date, rawRetentionDays: number, timeZone = 'UTC'): PartitionDay[] {
  // Today in the partitions' time zone, then whole days back from its noon (no DST edge can skip one).
  const today = partitionDayText(partitionDayOf(now, timeZone));
  const noon = Date.parse(`${today}T12:00:00.000Z`);
  const days: PartitionDay[] = [];
  for (let back = 1; back <= rawRetentionDays - 2; back += 1) {
    days.push(partitionDayOf(new Date(noon - back * DAY_MS)));
  }
  return days;
}

async function compactOne(
  options: AthenaCompactionOptions,
  app: Pick<AppConfig, 'name' | 'bucket'>,
  day: PartitionDay,
  force: boolean,
): Promise<AthenaCompactedDay> {
  const text = partitionDayText(day);
  const target = compactedDayPrefix(day);
  const rawPrefix = `analytics/year=${day.year}/month=${day.month}/day=${day.day}/`;
  if (!(await options.store.hasObjects(app.bucket, rawPrefix))) {
    return { app: app.name, day: text, outcome: 'no-raw-data' };
  }
  if (!force && (await options.store.hasObjects(app.bucket, `${target}${COMPACTED_MARKER}`))) {
    return { app: app.name, day: text, outcome: 'already-compacted' };
  }
  // INSERT INTO appends: empty the day first, so a re-run replaces it instead of doubling it.
  const replacedObjects = await options.store.deleteAll(app.bucket, target);
  const view = readingView(tableDefinition(options.config, app), app);
  await options.engine.run(compactionSql(view, day, { engine: 'athena' }));
  await options.store.put(app.bucket, `${target}${COMPACTED_MARKER}`, `${options.now.toISOString()}\n`);
  return { app: app.name, day: text, outcome: 'compacted', replacedObjects };
}

/**
 * The daily compaction on Athena, for every app: each day of the window (`scheduledDays`, or the one
 * `day` asked for) that has raw JSON and no completion marker yet (`COMPACTED_MARKER`) is compacted
 * with one `INSERT INTO … SELECT` (`compactionSql`), after the day's compacted prefix is emptied,
 * and then marked. A failing
 * app or day does not stop the others; it is reported with `outcome: 'failed'` (the Lambda then fails,
 * so its error metric and the scheduler's retries see it).
 *
 * @example
 * const days = await compactOnAthena({ engine, store, config, now: new Date() });
 */
export async function compactOnAthena(options: AthenaCompactionOptions): Promise<AthenaCompactedDay[]> {
  const days = options.day
    ? [options.day]
    : scheduledDays(options.now, options.config.compaction.rawRetentionDays);
  const results: AthenaCompactedDay[] = [];
  for (const app of options.config.apps) {
    for (const day of days) {
      try {
        results.push(await compactOne(options, app, day, options.day !== undefined));
      } catch (error) {
        results.push({
          app: app.name,
          day: partitionDayText(day),
          outcome: 'failed',
          error: (error as Error).message,
        });
      }
    }
  }
  return results;
}
