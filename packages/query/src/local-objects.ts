import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isGzip } from '@analytics-tracker/handler';
import { listStoredObjects } from '@analytics-tracker/local';
import { COMPACTED_PREFIX } from '@analytics-tracker/schema';

/** The stored objects of one bucket, split by compression. */
export interface BucketObjects {
  plain: string[];
  gzip: string[];
}

/** Reads only the first two bytes of a file to tell gzip from plain text. */
async function isGzipFile(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && isGzip(buffer);
  } finally {
    await file.close();
  }
}

/**
 * The event objects s3rver stored for a bucket under `analytics/`, split into gzip and plain files.
 * s3rver's `._S3rver_object` suffix hides `.gz` from DuckDB's name-based detection, so the first two
 * bytes decide: a batch (`.ndjson.gz`) starts with the gzip magic number, a single event (`.json`) not.
 *
 * @example
 * await listBucketObjects('.data', 'app1-analytics-prod'); // { plain: ['.data/s3/…/e1.json._S3rver_object'], gzip: [] }
 */
export async function listBucketObjects(dataDir: string, bucket: string): Promise<BucketObjects> {
  const objects: BucketObjects = { plain: [], gzip: [] };
  for (const { path } of await listStoredObjects(dataDir, bucket)) {
    ((await isGzipFile(path)) ? objects.gzip : objects.plain).push(path);
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
