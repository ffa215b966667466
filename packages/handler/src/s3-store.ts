import { PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { EventStore } from './store.js';

/** Options of the S3 store: pass a client (tests, offline) or client settings. */
export interface S3StoreOptions {
  client?: S3Client;
  clientConfig?: S3ClientConfig;
  /** Account that must own the bucket (`ExpectedBucketOwner`); S3 refuses the write otherwise. */
  expectedBucketOwner?: string;
}

/**
 * Per-attempt limits of the production client. The SDK's `requestTimeout` only logs a warning
 * unless `throwOnRequestTimeout` is set: without it a PUT that S3 never answers hangs until the
 * Lambda times out, with no retry and no 503. Three attempts of at most 2 s each, plus the SDK's
 * backoff, end well inside the 10 s Lambda timeout, so a caller always gets an answer.
 */
const REQUEST_HANDLER = { connectionTimeout: 1000, requestTimeout: 2000, throwOnRequestTimeout: true };

/**
 * The production store: one `PutObject` per stored object, first-wins: `IfNoneMatch: '*'` makes S3
 * refuse (412 Precondition Failed) a write to a key that already exists, so nothing stored is ever
 * replaced, whatever a later request sends; the service answers that 412 as the idempotent success
 * it is (keys come from the content). The SDK retries throttling, 5xx,
 * resets and timeouts itself (standard mode, 3 attempts); a failure after that reaches the handler,
 * which answers 503 with `Retry-After`. Timeouts stay well under the Lambda timeout, and a deadline
 * (`put(object, { deadline })`) aborts the call when it passes.
 *
 * @example
 * const store = createS3Store(); // region and credentials from the Lambda environment
 * const local = createS3Store({ clientConfig: { endpoint: 'http://127.0.0.1:4569', forcePathStyle: true } });
 */
export function createS3Store(options: S3StoreOptions = {}): EventStore {
  const client =
    options.client ??
    new S3Client({
      maxAttempts: 3,
      requestHandler: REQUEST_HANDLER,
      ...options.clientConfig,
    });
  return {
    async put(object, putOptions) {
      const deadline = putOptions?.deadline;
      await client.send(
        new PutObjectCommand({
          Bucket: object.bucket,
          Key: object.key,
          Body: object.body,
          ContentType: object.contentType,
          IfNoneMatch: '*',
          ...(object.contentEncoding ? { ContentEncoding: object.contentEncoding } : {}),
          ...(options.expectedBucketOwner ? { ExpectedBucketOwner: options.expectedBucketOwner } : {}),
        }),
        // The invocation's deadline ends the SDK's attempts and pauses too (an AbortError: a 503).
        deadline ? { abortSignal: AbortSignal.timeout(Math.max(0, Math.floor(deadline.remainingMs()))) } : {},
      );
    },
  };
}
