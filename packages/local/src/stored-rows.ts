import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { storedObjectText } from '@analytics-tracker/handler';
import type { StoredRow } from '@analytics-tracker/schema';

/** s3rver keeps each object's bytes in `<key>._S3rver_object` beside its metadata files. */
export const S3RVER_OBJECT_SUFFIX = '._S3rver_object';

/** One stored object on disk. */
export interface StoredObjectFile {
  bucket: string;
  /** The S3 key, e.g. `analytics/year=2025/month=12/day=17/<id>.json`. */
  key: string;
  path: string;
}

async function walk(directory: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch {
    return [];
  }
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory()
        ? walk(join(directory, entry.name))
        : Promise.resolve([join(directory, entry.name)]),
    ),
  );
  return nested.flat();
}

/**
 * Every object the offline S3 server holds under `analytics/` in one bucket, sorted by key.
 *
 * @example
 * (await listStoredObjects('.data', 'app1-analytics-prod')).map((o) => o.key);
 */
export async function listStoredObjects(dataDir: string, bucket: string): Promise<StoredObjectFile[]> {
  const root = join(dataDir, 's3', bucket);
  const files = await walk(join(root, 'analytics'));
  return files
    .filter((path) => path.endsWith(S3RVER_OBJECT_SUFFIX))
    .map((path) => ({
      bucket,
      key: relative(root, path).split(sep).join('/').slice(0, -S3RVER_OBJECT_SUFFIX.length),
      path,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Every stored row of a bucket: single-event `.json` objects and gzip NDJSON batches alike
 * (detected by their bytes, since s3rver's file suffix hides the extension).
 *
 * @example
 * const rows = await readStoredRows('.data', 'app1-analytics-prod');
 */
export async function readStoredRows(dataDir: string, bucket: string): Promise<StoredRow[]> {
  const rows: StoredRow[] = [];
  for (const object of await listStoredObjects(dataDir, bucket)) {
    const text = storedObjectText(await readFile(object.path));
    for (const line of text.split('\n')) {
      if (line.trim()) rows.push(JSON.parse(line) as StoredRow);
    }
  }
  return rows;
}
