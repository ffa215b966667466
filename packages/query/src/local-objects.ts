import { open } from 'node:fs/promises';
import { isGzip } from '@analytics-tracker/handler';
import { listStoredObjects } from '@analytics-tracker/local';

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
