/**
 * The cold-start floor: a Lambda entry that imports only `S3Client` and `PutObjectCommand` from
 * the pinned SDK and stores the request body as one object. Bundled with the handler's own esbuild
 * settings and run the same way, it is what any tracker built on this SDK pays at minimum.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

const client = new S3Client({});
let sequence = 0;

/**
 * Stores the event's body under `analytics/` in the bucket it names, and answers 200.
 *
 * @example
 * await handler({ body: '{"bucket":"app1-analytics-prod"}' }); // { statusCode: 200, … }
 */
export async function handler(event: { body: string }): Promise<{ statusCode: number; body: string }> {
  const { bucket } = JSON.parse(event.body) as { bucket: string };
  const key = `analytics/floor-${process.pid}-${sequence++}.json`;
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: event.body }));
  return { statusCode: 200, body: JSON.stringify({ status: 'ok', key }) };
}
