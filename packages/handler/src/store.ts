import type { Deadline } from './deadline.js';

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
  put(object: StoredObject, options?: PutOptions): Promise<void>;
}

/** How long a write may take: with a deadline, no attempt or pause runs past it (a Lambda invocation's time). */
export interface PutOptions {
  deadline?: Deadline | undefined;
}
