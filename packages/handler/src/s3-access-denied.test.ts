import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { functionUrlEvent, seedBody } from '@analytics-tracker/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, config, memorySalts } from '../test/helpers.js';
import { createHandler } from './create-handler.js';
import type { RequestLog } from './observability.js';
import { createSignedS3Store } from './signed-s3-store.js';

// S3's documented error body for a refused PutObject (bucket policy, KMS key, or a bucket owned by
// another account than ExpectedBucketOwner): https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
const ACCESS_DENIED_XML =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>x</HostId></Error>';

/** An S3 endpoint that refuses every request as S3 does, recording what it received. */
const received: { method: string | undefined; url: string | undefined; headers: IncomingHttpHeaders }[] = [];
const s3 = createServer((request, response) => {
  received.push({ method: request.method, url: request.url, headers: request.headers });
  request.resume();
  request.on('end', () => {
    response.writeHead(403, { 'content-type': 'application/xml' });
    response.end(ACCESS_DENIED_XML);
  });
});

beforeAll(async () => {
  s3.listen(0, '127.0.0.1');
  await once(s3, 'listening');
});
afterAll(() => {
  s3.close();
});

describe('S3 answers AccessDenied (a deployment error, not an outage)', () => {
  it('answers 403, counts bucket_access_denied for the alarm, and does not invite a retry', async () => {
    const { port } = s3.address() as AddressInfo;
    const store = createSignedS3Store({
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      expectedBucketOwner: '123456789012',
    });
    const logs: RequestLog[] = [];
    const handler = createHandler({
      config,
      salts: memorySalts(),
      store,
      observer: { request: (log) => logs.push(log), error() {} },
    });

    const result = await handler(functionUrlEvent(seedBody));

    expect(result.statusCode).toBe(403);
    expect(result.headers?.['retry-after']).toBeUndefined();
    expect(bodyOf(result)).toEqual({
      error: 'Forbidden',
      message:
        'The tracker may not write to this bucket (S3 denied access); nothing was stored. The deployment must be fixed: retrying will not help',
    });
    expect(logs.flatMap((log) => log.counts.map((count) => count.reasons))).toEqual([
      { bucket_access_denied: 1 },
    ]);
    // One PUT to the bucket, carrying the owner check; a 403 is not retried (nor does the SDK retry it).
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: 'PUT',
      url: expect.stringMatching(/^\/app1-analytics-prod\/analytics\//),
    });
    expect(received[0]?.headers['x-amz-expected-bucket-owner']).toBe('123456789012');
  });
});
