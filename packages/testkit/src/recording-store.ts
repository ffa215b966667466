/** One object the handler writes (the shape of the handler's `StoredObject`). */
export interface RecordedObject {
  bucket: string;
  key: string;
  body: Uint8Array | string;
  contentType: string;
  contentEncoding?: string;
}

/** A store that keeps every object it is given, so tests can assert on buckets, keys and bodies. */
export interface RecordingStore {
  readonly objects: RecordedObject[];
  put(object: RecordedObject): Promise<void>;
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
  const objects: RecordedObject[] = [];
  return {
    objects,
    async put(object) {
      objects.push(object);
    },
  };
}

/**
 * A store that fails every write, as S3 does after the SDK's retries are spent (fault injection).
 *
 * @example
 * createHandler({ config, store: failingStore }); // POST /track → 503 with Retry-After
 */
export const failingStore = {
  async put(_object: RecordedObject): Promise<void> {
    throw Object.assign(new Error('SlowDown: Please reduce your request rate.'), { name: 'SlowDown' });
  },
};
