import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { functionUrlEvent, seedBody } from '@analytics-tracker/testkit';
import type { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { startFaultyS3 } from '../test/faulty-s3.js';
import { bodyOf, config, memorySalts } from '../test/helpers.js';
import { createHandler } from './create-handler.js';
import { deadlineIn } from './deadline.js';
import { silentObserver } from './observability.js';
import { createS3Store } from './s3-store.js';

// S3's answer to a conditional PUT whose key exists, as documented for PutObject (412, code PreconditionFailed).
const PRECONDITION_FAILED = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message><Condition>If-None-Match</Condition><RequestId>R1</RequestId><HostId>H1</HostId></Error>`;

/** An S3 endpoint over real HTTP that answers every PUT with 412, recording the request headers. */
async function s3AnsweringPreconditionFailed() {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    request.resume();
    request.on('end', () => {
      response.writeHead(412, { 'content-type': 'application/xml' });
      response.end(PRECONDITION_FAILED);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const store = createS3Store({
    clientConfig: {
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    },
  });
  return { store, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Captures the commands the store sends (what S3 would receive), without a network. */
function capturingClient() {
  const sent: PutObjectCommand['input'][] = [];
  const client = {
    send: async (command: PutObjectCommand) => void sent.push(command.input),
  } as unknown as S3Client;
  return { client, sent };
}

describe('createS3Store', () => {
  it('puts the whole object in one first-wins PutObject (If-None-Match: *) with its content type and encoding', async () => {
    const { client, sent } = capturingClient();
    await createS3Store({ client }).put({
      bucket: 'app1-analytics-prod',
      key: 'analytics/year=2025/month=12/day=17/b-1.ndjson.gz',
      body: new Uint8Array([0x1f, 0x8b]),
      contentType: 'application/x-ndjson',
      contentEncoding: 'gzip',
    });
    expect(sent).toEqual([
      {
        Bucket: 'app1-analytics-prod',
        Key: 'analytics/year=2025/month=12/day=17/b-1.ndjson.gz',
        Body: new Uint8Array([0x1f, 0x8b]),
        ContentType: 'application/x-ndjson',
        IfNoneMatch: '*',
        ContentEncoding: 'gzip',
      },
    ]);
  });

  it('asks S3 to refuse the write unless the expected account owns the bucket', async () => {
    const { client, sent } = capturingClient();
    await createS3Store({ client, expectedBucketOwner: '123456789012' }).put({
      bucket: 'b-analytics',
      key: 'analytics/k.json',
      body: '{}\n',
      contentType: 'application/json',
    });
    expect(sent[0]).toMatchObject({ ExpectedBucketOwner: '123456789012' });
  });

  it('sends If-None-Match: * over the wire, and S3 refusing an existing key (412) is the 200 of a done retry', async () => {
    const s3 = await s3AnsweringPreconditionFailed();
    try {
      const handler = createHandler({
        config,
        salts: memorySalts(),
        store: s3.store,
        observer: silentObserver,
      });
      const result = await handler(functionUrlEvent({ ...seedBody, eventId: 'client-id-0412' }));
      expect(s3.seen[0]?.['if-none-match']).toBe('*');
      expect(result.statusCode).toBe(200);
      expect(bodyOf(result)).toMatchObject({ status: 'ok', eventId: 'client-id-0412' });
    } finally {
      await s3.close();
    }
  });

  it("stops at the invocation's deadline: the SDK's attempts against an S3 that never answers are aborted", async () => {
    const silent = await startFaultyS3(['no-answer', 'no-answer', 'no-answer']);
    try {
      const store = createS3Store({
        clientConfig: {
          endpoint: silent.endpoint,
          region: 'us-east-1',
          forcePathStyle: true,
          credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        },
      });
      const started = performance.now();
      await expect(
        store.put(
          {
            bucket: 'app1-analytics-prod',
            key: 'analytics/e.json',
            body: '{}',
            contentType: 'application/json',
          },
          { deadline: deadlineIn(400) },
        ),
      ).rejects.toThrow();
      // The client's own limits: 2 s per attempt, 3 attempts.
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(silent.attempts).toHaveLength(1);
    } finally {
      await silent.close();
    }
  });
});
