import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppRouter } from '@analytics-tracker/handler';
import { defineConfig, StoredRowSchema } from '@analytics-tracker/schema';
import { seedBody } from '@analytics-tracker/testkit';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listStoredObjects,
  type OfflineServer,
  readStoredRows,
  s3rverClient,
  startOffline,
} from '../src/index.js';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';

const config = defineConfig({
  allowedBuckets: ['app1-analytics-prod', 'app2-analytics-staging', '*-analytics'],
  apps: [
    { name: 'app1', bucket: 'app1-analytics-prod' },
    { name: 'app2', bucket: 'app2-analytics-staging', allowedOrigins: ['https://app2.example.com'] },
  ],
  // The offline server plays CloudFront, so its viewer headers (location) are trusted as in AWS.
  cloudfront: { enabled: true },
});

let offline: OfflineServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offline-test-'));
  offline = await startOffline({ port: 0, s3Port: 0, dataDir, config, quiet: true });
});

afterAll(async () => {
  await offline.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const post = (
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  path = '/track',
) =>
  fetch(`${offline.url}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const today = () => new Date().toISOString().slice(0, 10).split('-');

describe('the seed README over real HTTP and real S3', () => {
  it("answers the seed's curl with the seed's 200 body and stores the enriched event at that key", async () => {
    const response = await post(seedBody, {
      'content-type': 'application/json',
      'cloudfront-viewer-country': 'US',
      'cloudfront-viewer-city': 'Seattle',
      'cloudfront-viewer-country-region': 'WA',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await response.json()) as { eventId: string; key: string };
    const [year, month, day] = today();
    expect(body).toEqual({
      status: 'ok',
      eventId: expect.stringMatching(/^\d{10}-[0-9a-f]{16}$/),
      bucket: 'app1-analytics-prod',
      key: expect.stringMatching(
        new RegExp(`^analytics/year=${year}/month=${month}/day=${day}/${body.eventId}-[0-9a-f]{16}\\.json$`),
      ),
    });
    const objects = await listStoredObjects(dataDir, 'app1-analytics-prod');
    const object = objects.find((candidate) => candidate.key === body.key);
    expect(object).toBeDefined();
    const text = await readFile(object?.path ?? '', 'utf8');
    const row = StoredRowSchema.parse(JSON.parse(text));
    expect(row).toMatchObject({
      eventId: body.eventId,
      eventType: 'page_view',
      timestamp: '2025-12-17T12:00:00.000Z',
      page: '/articles/my-post',
      sessionId: 'abc123',
      location: { country: 'US', city: 'Seattle', region: 'WA' },
      viewport: { width: 1920, height: 1080 },
      referrer: 'https://google.com',
      referrerDomain: 'google.com',
      // userAgent: 'parsed' (the default) keeps the device fields, not the string.
      userAgent: null,
      fromWebsite: 'LinkedIn',
      metadata: null,
    });
    expect(row.ip).toMatch(/^[0-9a-f]{16}$/);
    expect(row.visitorId).toMatch(/^[0-9a-f]{16}$/);
    expect(text).not.toContain('127.0.0.1');
  });

  it("answers the seed's 400 and 403 bodies exactly", async () => {
    const { bucket: _omit, ...withoutBucket } = seedBody;
    const missing = await post(withoutBucket);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toBe(
      '{"error":"Missing required field: bucket","message":"You must specify the S3 bucket name in the request body"}',
    );
    const forbidden = await post({ ...seedBody, bucket: 'not-ours-bucket' });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toBe(
      '{"error":"Forbidden","message":"The specified bucket is not authorized for this analytics service"}',
    );
  });

  it("accepts the seed's multi-tenant curl without a Content-Type header (curl -d sends form encoding)", async () => {
    const response = await post(
      { ...seedBody, bucket: 'website-analytics' },
      {
        'content-type': 'application/x-www-form-urlencoded',
      },
    );
    expect(response.status).toBe(200);
    expect(await readStoredRows(dataDir, 'website-analytics')).toHaveLength(1);
  });
});

describe('idempotency', () => {
  it('stores a retried single event once', async () => {
    const event = { ...seedBody, bucket: 'retry-analytics', eventId: 'retry-event-0001' };
    const first = await (await post(event)).json();
    const second = await (await post(event)).json();
    expect(second).toEqual(first);
    const rows = await readStoredRows(dataDir, 'retry-analytics');
    expect(rows.map((row) => row.eventId)).toEqual(['retry-event-0001']);
  });

  it('stores a retried batch once', async () => {
    const batch = {
      bucket: 'retry-batch-analytics',
      events: ['a', 'b', 'c'].map((id) => ({
        eventId: `batch-retry-${id}-01`,
        eventType: 'click',
        timestamp: seedBody.timestamp,
      })),
    };
    const first = await (await post(batch, { 'content-type': 'text/plain;charset=UTF-8' })).json();
    const second = await (await post(batch, { 'content-type': 'text/plain;charset=UTF-8' })).json();
    expect(second).toEqual(first);
    const rows = await readStoredRows(dataDir, 'retry-batch-analytics');
    expect(rows.map((row) => row.eventId).sort()).toEqual([
      'batch-retry-a-01',
      'batch-retry-b-01',
      'batch-retry-c-01',
    ]);
    expect(await listStoredObjects(dataDir, 'retry-batch-analytics')).toHaveLength(1);
  });

  // S3 keeps the first copy of a key when the writer sends `If-None-Match: *` (PutObject docs); the
  // embedded S3 must too, or a plain retry rewrites the stored object with a later serverTimestamp
  // and the reading view (first stored copy of an eventId wins) picks a forged copy sent in between.
  it('never rewrites a stored object: a retry after a forged copy keeps the first copy first', async () => {
    const bucket = 'first-wins-analytics';
    const legit = {
      ...seedBody,
      bucket,
      eventId: 'order-99990001',
      page: '/checkout',
      metadata: { amount: 100 },
    };
    const forged = { ...legit, page: '/hacked', metadata: { amount: 999999 } };
    const first = (await (await post(legit)).json()) as { key: string };
    const before = await readFile(
      (await listStoredObjects(dataDir, bucket)).find((o) => o.key === first.key)?.path ?? '',
    );
    expect((await post(forged)).status).toBe(200);
    const retry = await post(legit);
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { key: string }).key).toBe(first.key);
    const objects = await listStoredObjects(dataDir, bucket);
    expect(objects).toHaveLength(2);
    const after = await readFile(objects.find((o) => o.key === first.key)?.path ?? '');
    expect(after.equals(before)).toBe(true);
    const rows = await readStoredRows(dataDir, bucket);
    const earliest = rows.reduce((a, b) => (a.serverTimestamp <= b.serverTimestamp ? a : b));
    expect(earliest.page).toBe('/checkout');
  });

  it('answers a conditional PutObject on an existing key with 412 PreconditionFailed, as S3 does', async () => {
    const client = s3rverClient(offline.s3Endpoint);
    const put = (body: string) =>
      client.send(
        new PutObjectCommand({
          Bucket: 'app1-analytics-prod',
          Key: 'analytics/conditional.json',
          Body: body,
          IfNoneMatch: '*',
        }),
      );
    await put('first');
    await expect(put('second')).rejects.toMatchObject({
      name: 'PreconditionFailed',
      $metadata: { httpStatusCode: 412 },
    });
    const stored = await client.send(
      new GetObjectCommand({ Bucket: 'app1-analytics-prod', Key: 'analytics/conditional.json' }),
    );
    expect(await stored.Body?.transformToString()).toBe('first');
  });
});

describe('batches', () => {
  it('stores accepted events as one gzip NDJSON object and reports rejected ones by index', async () => {
    const response = await post(
      {
        bucket: 'batch-analytics',
        events: [
          {
            eventType: 'page_view',
            timestamp: seedBody.timestamp,
            page: '/pricing?utm_source=news&utm_campaign=launch',
            userAgent: IPHONE,
          },
          { eventType: 'signup' },
          { eventType: 'signup', timestamp: seedBody.timestamp, metadata: { plan: 'pro' } },
        ],
      },
      { 'content-type': 'text/plain' },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { key: string; accepted: string[]; rejected: unknown[] };
    expect(body.key).toMatch(/\.ndjson\.gz$/);
    expect(body.accepted).toHaveLength(2);
    expect(body.rejected).toEqual([
      { index: 1, error: 'Invalid event', issues: [{ path: 'timestamp', message: 'Required' }] },
    ]);
    const objects = await listStoredObjects(dataDir, 'batch-analytics');
    expect(objects.map((object) => object.key)).toEqual([body.key]);
    const bytes = await readFile(objects[0]?.path ?? '');
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    const rows = await readStoredRows(dataDir, 'batch-analytics');
    expect(rows.map((row) => row.eventId)).toEqual(body.accepted);
    expect(rows[0]).toMatchObject({
      device: { device_type: 'mobile', browser: 'Mobile Safari', os: 'iOS', is_bot: false },
      utm: { source: 'news', campaign: 'launch', medium: null },
    });
    expect(rows[1]?.metadata).toBe('{"plan":"pro"}');
  });
});

describe('bad input over HTTP', () => {
  it.each([
    ['GET', '/track', undefined, 405],
    ['POST', '/nowhere', '{}', 404],
    ['POST', '/track', '{not json', 400],
    ['PUT', '/track', '{}', 405],
  ])('%s %s → %i', async (method, path, body, status) => {
    const response = await fetch(`${offline.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined ? { body } : {}),
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual({ error: expect.any(String), message: expect.any(String) });
  });

  it('answers OPTIONS with 204 and CORS headers', async () => {
    const response = await fetch(`${offline.url}/track`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app1.example.com', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
  });

  it('answers 413 above the body limit and 415 for other content types', async () => {
    const big = await post({ ...seedBody, metadata: { blob: 'x'.repeat(600 * 1024) } });
    expect(big.status).toBe(413);
    const xml = await post('<event/>', { 'content-type': 'application/xml' });
    expect(xml.status).toBe(415);
  });

  it("refuses a browser origin the app's config does not allow", async () => {
    const response = await post(
      { ...seedBody, bucket: 'app2-analytics-staging' },
      {
        'content-type': 'text/plain',
        origin: 'https://evil.example',
      },
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: 'Forbidden',
      message: 'Origin https://evil.example is not allowed to send events to bucket app2-analytics-staging',
    });
  });
});

describe('tRPC with @trpc/client', () => {
  it('calls track and trackBatch, fully typed, and stores the events', async () => {
    const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${offline.url}/trpc` })] });
    const single = await client.track.mutate({
      bucket: 'trpc-analytics',
      eventType: 'signup',
      timestamp: seedBody.timestamp,
      eventId: 'trpc-single-0001',
      metadata: { plan: 'pro' },
    });
    expect(single).toEqual({
      status: 'ok',
      eventId: 'trpc-single-0001',
      bucket: 'trpc-analytics',
      key: expect.stringMatching(/\/trpc-single-0001-[0-9a-f]{16}\.json$/),
    });
    const batch = await client.trackBatch.mutate({
      bucket: 'trpc-analytics',
      events: [
        { eventType: 'a', timestamp: seedBody.timestamp, eventId: 'trpc-batch-0001' },
        { eventType: 'b', timestamp: 'not a date', eventId: 'trpc-batch-0002' },
      ],
    });
    expect(batch.accepted).toEqual(['trpc-batch-0001']);
    expect(batch.rejected).toMatchObject([{ index: 1, error: 'Invalid event' }]);
    const rows = await readStoredRows(dataDir, 'trpc-analytics');
    expect(rows.map((row) => row.eventId).sort()).toEqual(['trpc-batch-0001', 'trpc-single-0001']);
  });

  it('maps errors through the same table: 403 → FORBIDDEN, 400 → BAD_REQUEST with issues', async () => {
    const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${offline.url}/trpc` })] });
    const forbidden = await client.track
      .mutate({ bucket: 'not-ours-bucket', eventType: 'x', timestamp: seedBody.timestamp })
      .catch((error: unknown) => error);
    expect(forbidden).toBeInstanceOf(TRPCClientError);
    expect((forbidden as TRPCClientError<AppRouter>).data).toMatchObject({
      code: 'FORBIDDEN',
      httpStatus: 403,
    });
    const invalid = await client.track
      .mutate({ bucket: 'trpc-analytics', eventType: '', timestamp: seedBody.timestamp })
      .catch((error: unknown) => error);
    expect((invalid as TRPCClientError<AppRouter>).data).toMatchObject({
      code: 'BAD_REQUEST',
      httpStatus: 400,
      issues: [{ path: 'eventType', message: expect.any(String) }],
    });
  });
});

describe('startOffline options', () => {
  it('uses the given clock for partitions and server timestamps', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'offline-clock-'));
    const dated = await startOffline({
      port: 0,
      s3Port: 0,
      dataDir: dir,
      allowedBuckets: ['app1-analytics-prod'],
      quiet: true,
      clock: () => new Date('2024-02-29T23:59:59.000Z'),
    });
    try {
      const response = await fetch(`${dated.url}/track`, {
        method: 'POST',
        headers: { 'cloudfront-viewer-country': 'US' },
        body: JSON.stringify(seedBody),
      });
      expect(((await response.json()) as { key: string }).key).toMatch(
        /^analytics\/year=2024\/month=02\/day=29\//,
      );
      const [row] = await readStoredRows(dir, 'app1-analytics-prod');
      expect(row?.serverTimestamp).toBe('2024-02-29T23:59:59.000Z');
      // No CloudFront in the config: like a bare Function URL, a client's viewer header is not believed.
      expect(row?.location).toEqual({ country: null, city: null, region: null });
    } finally {
      await dated.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('explains a port in use', async () => {
    const port = Number(new URL(offline.url).port);
    await expect(
      startOffline({ port, s3Port: 0, dataDir, allowedBuckets: ['app1-analytics-prod'], quiet: true }),
    ).rejects.toThrow(`HTTP port ${port} is already in use: stop the other process or pick another port`);
  });
});

describe('a busy S3 port', () => {
  it('is reported with what to do, not a crash', async () => {
    const port = Number(new URL(offline.s3Endpoint).port);
    const dir = await mkdtemp(join(tmpdir(), 'offline-busy-'));
    try {
      await expect(
        startOffline({
          port: 0,
          s3Port: port,
          dataDir: dir,
          allowedBuckets: ['app1-analytics-prod'],
          quiet: true,
        }),
      ).rejects.toMatchObject({
        name: 'OfflineStartError',
        server: 'S3',
        port,
        message: `S3 port ${port} is already in use: stop the other process or pick another port`,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
