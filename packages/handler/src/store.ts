/** One object to write: the whole body at once, so nothing is ever half-written. */
export interface StoredObject {
  bucket: string;
  key: string;
  body: Uint8Array | string;
  contentType: string;
  contentEncoding?: string;
}

/**
 * Where events go. The default is S3 (`createS3Store`); tests pass s3rver-backed stores or
 * stores that fail on purpose. `put` resolves once the object is durable and rejects otherwise.
 *
 * @example
 * const store: EventStore = { put: async (object) => { console.log(object.key); } };
 */
export interface EventStore {
  put(object: StoredObject): Promise<void>;
}
