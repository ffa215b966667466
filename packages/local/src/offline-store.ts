import { createS3Store, type EventStore } from '@analytics-tracker/handler';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * An S3 client for s3rver: path-style, its fixed credentials, and checksums only when required
 * (s3rver would store streamed bodies with their chunk framing otherwise).
 *
 * @example
 * const client = s3rverClient('http://127.0.0.1:4569');
 */
export function s3rverClient(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

const isNoSuchBucket = (error: unknown) => error instanceof Error && error.name === 'NoSuchBucket';

/**
 * The handler's own S3 store pointed at s3rver. A bucket allowed by a `*` pattern has no bucket
 * yet locally, so the first write to it creates it (in AWS the bucket must exist).
 *
 * @example
 * const store = createOfflineStore(s3rverClient(endpoint));
 */
export function createOfflineStore(client: S3Client): EventStore {
  const store = createS3Store({ client });
  return {
    async put(object) {
      try {
        await store.put(object);
      } catch (error) {
        if (!isNoSuchBucket(error)) throw error;
        await client.send(new CreateBucketCommand({ Bucket: object.bucket }));
        await store.put(object);
      }
    },
  };
}
