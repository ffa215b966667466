import type { Dirent } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

/** s3rver keeps each object's bytes in `<key>._S3rver_object` beside its metadata files. */
const S3RVER_OBJECT_SUFFIX = '._S3rver_object';
const STAT_AT_ONCE = 64;

/** One object the embedded S3 stored under `analytics/`, as a file. */
export interface ObjectFile {
  /** The S3 key, e.g. `analytics/year=2025/month=12/day=17/<id>.json`. */
  key: string;
  /** The file holding its bytes (an absolute path). */
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * The objects of one bucket under `analytics/`, sorted by key, with their size and modification
 * time. The same files `@analytics-tracker/local`'s `listStoredObjects` lists, without loading the
 * offline server (and the handler and AWS SDK behind it): a local query starts faster.
 *
 * @example
 * (await listObjectFiles('.data', 'app1-analytics-prod')).map((o) => o.key);
 */
export async function listObjectFiles(dataDir: string, bucket: string): Promise<ObjectFile[]> {
  const root = join(resolve(dataDir), 's3', bucket);
  let entries: Dirent[];
  try {
    entries = await readdir(join(root, 'analytics'), { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  const paths = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(S3RVER_OBJECT_SUFFIX))
    .map((entry) => join(entry.parentPath, entry.name));
  const files: ObjectFile[] = [];
  // A bounded number of stat calls in flight, so thousands of objects do not queue at once.
  for (let first = 0; first < paths.length; first += STAT_AT_ONCE) {
    const some = paths.slice(first, first + STAT_AT_ONCE);
    const stats = await Promise.all(some.map((path) => stat(path)));
    some.forEach((path, i) => {
      const key = relative(root, path).split(sep).join('/').slice(0, -S3RVER_OBJECT_SUFFIX.length);
      files.push({ key, path, size: stats[i]?.size ?? 0, mtimeMs: stats[i]?.mtimeMs ?? 0 });
    });
  }
  return files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * True when a file starts with the gzip magic number (a batch, `.ndjson.gz`), false for plain
 * text (a single event, `.json`): s3rver's suffix hides the extension, so the first two bytes decide.
 *
 * @example
 * await isGzipFile('.data/s3/app1-analytics-prod/analytics/…/b-1.ndjson.gz._S3rver_object'); // true
 */
export async function isGzipFile(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await file.close();
  }
}
