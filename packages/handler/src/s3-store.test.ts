import type { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3Store } from './s3-store.js';

/** Captures the commands the store sends (what S3 would receive), without a network. */
function capturingClient() {
  const sent: PutObjectCommand['input'][] = [];
  const client = {
    send: async (command: PutObjectCommand) => void sent.push(command.input),
  } as unknown as S3Client;
  return { client, sent };
}

describe('createS3Store', () => {
  it('puts the whole object in one PutObject with its content type and encoding', async () => {
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
});
