import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { functionUrlEvent, seedBody } from '@analytics-tracker/testkit';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../src/create-handler.js';
import { silentObserver } from '../src/observability.js';
import { createS3Store } from '../src/s3-store.js';
import { bodyOf, config, memorySalts } from './helpers.js';

// The production store and handler against a real S3-protocol server (s3rver, as `npm run offline`
// uses), read back through the SDK: what is stored is what a user of the bucket sees.

const dataDir = mkdtempSync(join(tmpdir(), 'handler-embedded-s3-'));
let server: S3rver;
let client: S3Client;

beforeAll(async () => {
  server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    directory: dataDir,
    silent: true,
    configureBuckets: [{ name: seedBody.bucket, configs: [] }],
  });
  const { port } = (await server.run()) as AddressInfo;
  client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function readObject(key: string): Promise<{ bytes: Buffer; encoding: string | undefined }> {
  const object = await client.send(new GetObjectCommand({ Bucket: seedBody.bucket, Key: key }));
  const bytes = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
  return { bytes, encoding: object.ContentEncoding };
}

describe('handler against the embedded S3', () => {
  it("stores the seed's event and a batch where the response says, with server fields filled", async () => {
    const handler = createHandler({
      config,
      salts: memorySalts(),
      store: createS3Store({ client }),
      observer: silentObserver,
    });

    const single = await handler(functionUrlEvent(seedBody, { sourceIp: '203.0.113.9' }));
    const events = ['/a', '/b', '/c'].map((page) => ({
      eventType: 'page_view',
      timestamp: seedBody.timestamp,
      page,
    }));
    const batch = await handler(
      functionUrlEvent({ bucket: seedBody.bucket, events }, { sourceIp: '203.0.113.9' }),
    );

    expect([single.statusCode, batch.statusCode]).toEqual([200, 200]);
    const singleKey = String(bodyOf(single).key);
    const batchKey = String(bodyOf(batch).key);
    expect(singleKey).toMatch(/^analytics\/year=\d{4}\/month=\d{2}\/day=\d{2}\/[^/]+\.json$/);
    expect(batchKey).toMatch(/^analytics\/year=\d{4}\/month=\d{2}\/day=\d{2}\/[^/]+\.ndjson\.gz$/);

    const row = JSON.parse((await readObject(singleKey)).bytes.toString('utf8'));
    expect(row).toMatchObject({
      eventId: bodyOf(single).eventId,
      eventType: seedBody.eventType,
      timestamp: seedBody.timestamp,
      page: seedBody.page,
      sessionId: seedBody.sessionId,
      fromWebsite: seedBody.fromWebsite,
    });
    expect(row.ip).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(row)).not.toContain('203.0.113.9');

    const stored = await readObject(batchKey);
    expect(stored.encoding).toBe('gzip');
    const rows = gunzipSync(stored.bytes)
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows.map((r) => r.page)).toEqual(['/a', '/b', '/c']);
    expect(rows.map((r) => r.eventId)).toEqual(bodyOf(batch).accepted);
  });
});
