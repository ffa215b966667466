import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { COMPACTED_PREFIX } from '@analytics-tracker/schema';
import { isGzipFile, listObjectFiles } from './stored-object-files.js';

/** The stored objects of one bucket, split by compression. */
export interface BucketObjects {
  plain: string[];
  gzip: string[];
}

const OPEN_AT_ONCE = 64;

/**
 * The event objects s3rver stored for a bucket under `analytics/`, split into gzip and plain files.
 * s3rver's `._S3rver_object` suffix hides `.gz` from DuckDB's name-based detection, so the first two
 * bytes decide: a batch (`.ndjson.gz`) starts with the gzip magic number, a single event (`.json`) not.
 *
 * @example
 * await listBucketObjects('.data', 'app1-analytics-prod'); // { plain: ['.data/s3/…/e1.json._S3rver_object'], gzip: [] }
 */
export async function listBucketObjects(dataDir: string, bucket: string): Promise<BucketObjects> {
  return splitByCompression((await listObjectFiles(dataDir, bucket)).map((object) => object.path));
}

/**
 * Object files split into gzip and plain ones by their first two bytes (see `listBucketObjects`).
 *
 * @example
 * await splitByCompression(['.data/s3/…/e1.json._S3rver_object']); // { plain: ['.data/s3/…/e1.json._S3rver_object'], gzip: [] }
 */
export async function splitByCompression(paths: readonly string[]): Promise<BucketObjects> {
  const objects: BucketObjects = { plain: [], gzip: [] };
  // A few files open at a time: thousands of objects must not exhaust file descriptors.
  for (let first = 0; first < paths.length; first += OPEN_AT_ONCE) {
    const some = paths.slice(first, first + OPEN_AT_ONCE);
    const gzip = await Promise.all(some.map(isGzipFile));
    some.forEach((path, i) => {
      (gzip[i] ? objects.gzip : objects.plain).push(path);
    });
  }
  return objects;
}

/**
 * The folder of a bucket's compacted days on disk: `<dataDir>/s3/<bucket>/compacted/`, the bucket's
 * `compacted/` key space as in S3 (`npm run compact` writes plain Parquet files there, not s3rver objects).
 *
 * @example
 * compactedDir('.data', 'app1-analytics-prod'); // '.data/s3/app1-analytics-prod/compacted'
 */
export function compactedDir(dataDir: string, bucket: string): string {
  return join(dataDir, 's3', bucket, COMPACTED_PREFIX);
}

/**
 * The Parquet files of a bucket's compacted days (`compacted/year=…/month=…/day=…/*.parquet`), sorted.
 *
 * @example
 * await listCompactedFiles('.data', 'app1-analytics-prod'); // ['.data/s3/…/compacted/year=2026/month=11/day=29/app1.parquet']
 */
export async function listCompactedFiles(dataDir: string, bucket: string): Promise<string[]> {
  const root = compactedDir(dataDir, bucket);
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(root, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.parquet'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const DAY_IN_PATH = /year=(\d{4})[/\\]month=(\d{2})[/\\]day=(\d{2})[/\\]/;

/** The `YYYY-MM-DD` of the `year=/month=/day=` folders in a path, if any. */
function dayOfPath(path: string): string | undefined {
  const match = DAY_IN_PATH.exec(path);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

const nextDay = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The raw objects the reading view still needs once some days are compacted: those of days not
 * compacted, and of the day before each of them (the look-back). Locally this does what Athena's
 * dynamic partition pruning does with the view's join on partition columns: the raw JSON of
 * compacted days is not read again.
 *
 * @example
 * pendingObjects(await listBucketObjects(dataDir, bucket), await listCompactedFiles(dataDir, bucket));
 */
export function pendingObjects(objects: BucketObjects, compactedFiles: readonly string[]): BucketObjects {
  const compacted = new Set(compactedFiles.flatMap((file) => dayOfPath(file) ?? []));
  const needed = (path: string): boolean => {
    const day = dayOfPath(path);
    return day === undefined || !compacted.has(day) || !compacted.has(nextDay(day));
  };
  return { plain: objects.plain.filter(needed), gzip: objects.gzip.filter(needed) };
}
