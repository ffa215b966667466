import { gunzipSync } from 'node:zlib';

/**
 * True when bytes start with the gzip magic number: how a batch (`.ndjson.gz`) is told from a
 * single event (`.json`) when the key's extension is not at hand (s3rver's file suffix hides it).
 *
 * @example
 * isGzip(gzipSync('x')); // true
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The text of a stored object, whichever way it was written: a gzip NDJSON batch is inflated, a
 * single `.json` event is read as it is. One stored row per non-empty line.
 *
 * @example
 * storedObjectText(await readFile(path)).split('\n').filter(Boolean).map((line) => JSON.parse(line));
 */
export function storedObjectText(body: Uint8Array | string): string {
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  return isGzip(bytes) ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
}
