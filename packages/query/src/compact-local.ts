import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
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
import { createLocalEngine } from './duckdb-engine.js';
import { listCompactedFiles } from './local-objects.js';
import { rowObjects } from './result.js';
import { listObjectFiles } from './stored-object-files.js';

/** The name of the one Parquet file of a compacted day, inside its `year=/month=/day=` folder. */
export const COMPACTED_FILE = 'events.parquet';

/** What one app and day became: what `npm run compact` reports on stderr. */
export interface CompactedDay {
  app: string;
  day: string;
  /** Raw rows stored that day (every copy). */
  rawRows: number;
  /** Rows written: the ones the reading view counts for that day. */
  rows: number;
  /** Size of the Parquet file written. */
  bytes: number;
  /** The file, under `<dataDir>/s3/<bucket>/compacted/…`. */
  file: string;
}

/** What to compact locally. */
export interface CompactLocalOptions {
  dataDir: string;
  config: Pick<TrackerConfig, 'glueDatabase' | 'apps'> & Partial<Pick<TrackerConfig, 'partitionTimeZone'>>;
  /** Only these apps (default: every app of the config). */
  apps?: readonly AppConfig[];
  /** Only this day, compacted again if it already is (default: every complete day not compacted yet). */
  day?: PartitionDay;
  /** Today (in the partitions' time zone) from this clock: days from today on are never compacted. */
  now: Date;
  /** Called after each app and day. */
  onDay?: (result: CompactedDay) => void;
}

const literal = (value: string): string => `'${value.replaceAll("'", "''")}'`;

const DAY_IN_KEY = /^analytics\/year=(\d{4})\/month=(\d{2})\/day=(\d{2})\//;

/** The distinct days of a bucket's raw objects, from their keys, sorted. */
async function rawDays(dataDir: string, bucket: string): Promise<string[]> {
  const days = new Set<string>();
  for (const { key } of await listObjectFiles(dataDir, bucket)) {
    const match = DAY_IN_KEY.exec(key);
    if (match) days.add(`${match[1]}-${match[2]}-${match[3]}`);
  }
  return [...days].sort();
}

async function compactedDays(dataDir: string, bucket: string): Promise<Set<string>> {
  const days = new Set<string>();
  for (const file of await listCompactedFiles(dataDir, bucket)) {
    const match = /year=(\d{4})[/\\]month=(\d{2})[/\\]day=(\d{2})[/\\]/.exec(file);
    if (match) days.add(`${match[1]}-${match[2]}-${match[3]}`);
  }
  return days;
}

/**
 * The days `npm run compact` works on for one bucket: every day with raw objects that ended before
 * today (in the partitions' time zone, UTC by default) and has no compacted file yet, oldest first.
 *
 * @example
 * await daysToCompact('.data', 'app1-analytics-prod', new Date()); // ['2026-11-27', '2026-11-28']
 */
export async function daysToCompact(
  dataDir: string,
  bucket: string,
  now: Date,
  timeZone = 'UTC',
): Promise<string[]> {
  const today = partitionDayText(partitionDayOf(now, timeZone));
  const done = await compactedDays(dataDir, bucket);
  return (await rawDays(dataDir, bucket)).filter((day) => day < today && !done.has(day));
}

/**
 * Compacts days of the local data with DuckDB, through the same statement Athena runs daily
 * (`compactionSql`, rendered as `COPY … TO … (FORMAT parquet)`): each app's day becomes one Parquet
 * file under `<dataDir>/s3/<bucket>/compacted/year=…/month=…/day=…/`, the layout of the compacted
 * table in S3. The file is written beside and renamed into place, so a reader never sees half a day,
 * and compacting a day again replaces it with the same rows. A day without raw rows is skipped.
 *
 * @example
 * await compactLocal({ dataDir: '.data', config, now: new Date(), onDay: (d) => console.error(d) });
 */
export async function compactLocal(options: CompactLocalOptions): Promise<CompactedDay[]> {
  const results: CompactedDay[] = [];
  const engine = await createLocalEngine({ dataDir: options.dataDir, config: options.config });
  try {
    for (const app of options.apps ?? options.config.apps) {
      const days = options.day
        ? [partitionDayText(options.day)]
        : await daysToCompact(options.dataDir, app.bucket, options.now, options.config.partitionTimeZone);
      const view = readingView(tableDefinition(options.config, app), app);
      for (const text of days) {
        const day = partitionDayOf(new Date(`${text}T00:00:00.000Z`));
        const where = `year = '${day.year}' AND month = '${day.month}' AND day = '${day.day}'`;
        const [raw] = rowObjects(await engine.run(`SELECT count(*) AS n FROM ${view.source} WHERE ${where}`));
        const rawRows = Number(raw?.n ?? 0);
        if (rawRows === 0) continue;
        const folder = join(options.dataDir, 's3', app.bucket, ...compactedDayPrefix(day).split('/'));
        const file = join(folder, COMPACTED_FILE);
        const partial = join(folder, `.${COMPACTED_FILE}.partial`);
        await mkdir(folder, { recursive: true });
        try {
          await engine.run(compactionSql(view, day, { engine: 'duckdb', file: partial }));
          await rename(partial, file);
        } finally {
          await rm(partial, { force: true });
        }
        const [written] = rowObjects(
          await engine.run(`SELECT count(*) AS n FROM read_parquet(${literal(file)})`),
        );
        const result: CompactedDay = {
          app: app.name,
          day: text,
          rawRows,
          rows: Number(written?.n ?? 0),
          bytes: (await stat(file)).size,
          file,
        };
        results.push(result);
        options.onDay?.(result);
      }
    }
  } finally {
    await engine.close();
  }
  return results;
}
