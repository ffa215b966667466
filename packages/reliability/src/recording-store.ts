import { gunzipSync } from 'node:zlib';
import type { EventStore, StoredObject } from '@analytics-tracker/handler';

/** A store that keeps every object it is given, so tests can assert on buckets, keys and bodies. */
export interface RecordingStore extends EventStore {
  readonly objects: StoredObject[];
}

/**
 * An in-memory store for driving the handler in process: nothing leaves the test.
 *
 * @example
 * const store = recordingStore();
 * const handler = createHandler({ config, store, observer: silentObserver });
 * store.objects.map((object) => object.key);
 */
export function recordingStore(): RecordingStore {
  const objects: StoredObject[] = [];
  return {
    objects,
    async put(object) {
      objects.push(object);
    },
  };
}

/**
 * The text of a stored object: gzip batches are inflated, single events read as they are.
 *
 * @example
 * objectText(store.objects[0]).split('\n'); // NDJSON lines
 */
export function objectText(object: Pick<StoredObject, 'body'>): string {
  const bytes = typeof object.body === 'string' ? Buffer.from(object.body) : Buffer.from(object.body);
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
}
