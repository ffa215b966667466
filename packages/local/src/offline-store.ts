import { createSignedS3Store, type EventStore } from '@analytics-tracker/handler';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

/** s3rver's fixed credentials: it knows this access key only. */
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * An S3 client for s3rver, for what the tracker itself does not do (creating buckets, reading back):
 * path-style, its fixed credentials, and checksums only when required (s3rver would store streamed
 * bodies with their chunk framing otherwise).
 *
 * @example
 * const client = s3rverClient('http://127.0.0.1:4569');
 */
export function s3rverClient(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

const isNoSuchBucket = (error: unknown) => error instanceof Error && error.name === 'NoSuchBucket';

/**
 * The Lambda's own write path pointed at s3rver: the signed `PutObject` of `createSignedS3Store`
 * (path-style, s3rver's credentials), so `npm run offline` and its tests write as the deployed
 * function does. A bucket allowed by a `*` pattern has no bucket yet locally, so the first write to it
 * creates it, through the SDK (in AWS the bucket must exist).
 *
 * @example
 * const store = createOfflineStore('http://127.0.0.1:4569');
 */
export function createOfflineStore(endpoint: string): EventStore {
  const store = createSignedS3Store({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: S3RVER_CREDENTIALS,
    env: {}, // a developer's AWS_ENDPOINT_URL or FIPS setting is about AWS, not the local S3
  });
  let client: S3Client | undefined;
  return {
    async put(object) {
      try {
        await store.put(object);
      } catch (error) {
        if (!isNoSuchBucket(error)) throw error;
        client ??= s3rverClient(endpoint);
        await client.send(new CreateBucketCommand({ Bucket: object.bucket }));
        await store.put(object);
      }
    },
  };
}
