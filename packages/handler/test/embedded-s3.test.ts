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
import { createSignedS3Store } from '../src/signed-s3-store.js';
import { bodyOf, config, memorySalts } from './helpers.js';

// The production store (the Lambda's signed PUT) and handler against a real S3-protocol server
// (s3rver, as `npm run offline` uses), read back through the SDK: what is stored is what a user of
// the bucket sees. s3rver reads the SigV4 Authorization header (an unknown access key is refused) but
// does not recompute v4 signatures: botocore does that in src/signed-s3-store.test.ts.

const dataDir = mkdtempSync(join(tmpdir(), 'handler-embedded-s3-'));
let server: S3rver;
let client: S3Client;
let endpoint = '';
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const signedStore = (credentials = S3RVER_CREDENTIALS) =>
  createSignedS3Store({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials, env: {} });

beforeAll(async () => {
  server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    directory: dataDir,
    silent: true,
    configureBuckets: [{ name: seedBody.bucket, configs: [] }],
  });
  const { port } = (await server.run()) as AddressInfo;
  endpoint = `http://127.0.0.1:${port}`;
  client = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: S3RVER_CREDENTIALS,
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
      store: signedStore(),
      observer: silentObserver,
      salts: memorySalts(),
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

  it('stores keys with odd characters under the key asked (s3rver decodes the path once)', async () => {
    const keys = [
      'analytics/a key with spaces.json',
      'analytics/plus+and=equals&.json',
      "analytics/unicodé/日本語/😀/!'()*~.json",
    ];
    const store = signedStore();
    for (const key of keys)
      await store.put({ bucket: seedBody.bucket, key, body: `${key}\n`, contentType: 'application/json' });
    for (const key of keys) expect((await readObject(key)).bytes.toString('utf8')).toBe(`${key}\n`);
  });

  it("is refused by s3rver with S3's error for an access key it does not know", async () => {
    const put = signedStore({ accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'S3RVER' }).put({
      bucket: seedBody.bucket,
      key: 'analytics/refused.json',
      body: '{}\n',
      contentType: 'application/json',
    });
    await expect(put).rejects.toMatchObject({
      name: 'InvalidAccessKeyId',
      $metadata: { httpStatusCode: 403 },
    });
  });
});
