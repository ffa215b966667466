import { failingStore, functionUrlEvent, recordingStore, seedBody } from '@analytics-tracker/testkit';
import { describe, expect, it } from 'vitest';
import { bodyOf, config, fixtures, memorySalts } from '../test/helpers.js';
import { createHandler } from './create-handler.js';
import type { RequestLog } from './observability.js';
import { silentObserver } from './observability.js';
import type { EventStore } from './store.js';

const NOW = new Date('2025-12-17T12:00:01.000Z');

function setup(store = recordingStore()) {
  const logs: RequestLog[] = [];
  const errors: unknown[] = [];
  const handler = createHandler({
    salts: memorySalts(),
    config,
    store,
    clock: () => NOW,
    observer: { request: (log) => logs.push(log), error: (_message, error) => errors.push(error) },
  });
  return { handler, store, logs, errors };
}

describe('POST /track, single event', () => {
  it("answers the seed's request with the seed's 200 body and key", async () => {
    const { handler, store } = setup();
    const result = await handler(fixtures.seedTrack);
    expect(result.statusCode).toBe(200);
    const body = bodyOf(result);
    expect(body).toEqual({
      status: 'ok',
      // The id of an event sent without one: the day's start (date -u -d 2025-12-17 +%s), then a hash.
      eventId: expect.stringMatching(/^1765929600-[0-9a-f]{16}$/),
      bucket: 'app1-analytics-prod',
      // The id, then the SHA-256 of the event as sent (the body without bucket), from openssl:
      //   printf '%s' '{"eventType":"page_view",…,"fromWebsite":"LinkedIn"}' | openssl dgst -sha256 -r | cut -c1-16
      key: `analytics/year=2025/month=12/day=17/${body.eventId}-e660cf82a71a5534.json`,
    });
    expect(store.objects).toHaveLength(1);
    expect(store.objects[0]).toMatchObject({
      bucket: 'app1-analytics-prod',
      key: body.key,
      contentType: 'application/json',
    });
  });

  it('derives the key from the client eventId and the content: a retry writes the same key', async () => {
    const { handler, store } = setup();
    const event = functionUrlEvent({ ...seedBody, eventId: 'client-id-0001' });
    const first = bodyOf(await handler(event));
    const second = bodyOf(await handler(event));
    expect(first.key).toMatch(/^analytics\/year=2025\/month=12\/day=17\/client-id-0001-[0-9a-f]{16}\.json$/);
    expect(second).toEqual(first);
    expect(new Set(store.objects.map((object) => object.key)).size).toBe(1);
  });

  it('never lets a later request that reuses an eventId with other content land on the same key', async () => {
    const { handler, store } = setup();
    const purchase = { ...seedBody, eventId: 'order-1001', eventType: 'purchase', metadata: { amount: 49 } };
    const refund = {
      ...seedBody,
      eventId: 'order-1001',
      eventType: 'refund',
      timestamp: '2000-01-01T00:00:00.000Z',
      metadata: { amount: -1000000 },
    };
    const first = bodyOf(await handler(functionUrlEvent(purchase)));
    const second = bodyOf(
      await handler(functionUrlEvent(refund, { headers: { 'user-agent': 'curl/8.5.0' } })),
    );
    expect(second.key).not.toBe(first.key);
    const stored = store.objects.find((object) => object.key === first.key);
    expect(JSON.parse(String(stored?.body))).toMatchObject({
      eventType: 'purchase',
      metadata: '{"amount":49}',
    });
  });

  it('gives two identical requests without eventId the same id and key (a curl or tRPC retry stores once)', async () => {
    const { handler, store } = setup();
    const first = bodyOf(await handler(functionUrlEvent(seedBody)));
    const second = bodyOf(await handler(functionUrlEvent(seedBody)));
    expect(second).toEqual(first);
    expect(new Set(store.objects.map((object) => object.key)).size).toBe(1);
    const other = bodyOf(await handler(functionUrlEvent(seedBody, { sourceIp: '203.0.113.99' })));
    expect(other.eventId).not.toBe(first.eventId);
  });

  it('answers 200 when S3 refuses the write because the key exists (412): first wins, the retry is done', async () => {
    const preconditionFailed: EventStore = {
      async put() {
        throw Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), {
          name: 'PreconditionFailed',
          $metadata: { httpStatusCode: 412 },
        });
      },
    };
    const { handler, logs, errors } = setup(Object.assign(preconditionFailed, { objects: [] }));
    const result = await handler(functionUrlEvent({ ...seedBody, eventId: 'client-id-0002' }));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ status: 'ok', eventId: 'client-id-0002' });
    const batch = await handler(
      functionUrlEvent({ bucket: seedBody.bucket, events: [{ ...seedBody, bucket: undefined }] }),
    );
    expect(batch.statusCode).toBe(200);
    expect(errors).toEqual([]);
    expect(logs.map((log) => log.status)).toEqual([200, 200]);
  });

  it('sends CORS headers on every response and answers OPTIONS with 204', async () => {
    const { handler } = setup();
    const preflight = await handler(
      functionUrlEvent('', { method: 'OPTIONS', headers: { origin: 'https://a.example' } }),
    );
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
    const notFound = await handler(functionUrlEvent('{}', { path: '/nope' }));
    expect(notFound.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('errors', () => {
  it.each([
    [
      'missing bucket (seed)',
      functionUrlEvent({ eventType: 'x', timestamp: '2025-12-17T12:00:00Z' }),
      400,
      {
        error: 'Missing required field: bucket',
        message: 'You must specify the S3 bucket name in the request body',
      },
    ],
    [
      'bucket not allowed (seed)',
      functionUrlEvent({ ...seedBody, bucket: 'someone-elses-bucket' }),
      403,
      {
        error: 'Forbidden',
        message: 'The specified bucket is not authorized for this analytics service',
      },
    ],
    [
      'malformed JSON',
      functionUrlEvent('{"bucket": "app1-analytics-prod",'),
      400,
      {
        error: 'Invalid JSON',
        message: expect.stringContaining('The request body is not valid JSON'),
      },
    ],
    [
      'a JSON array (the original read its missing bucket)',
      functionUrlEvent('[1,2]'),
      400,
      {
        error: 'Missing required field: bucket',
        message: 'You must specify the S3 bucket name in the request body',
      },
    ],
    [
      'missing eventType (the original string)',
      functionUrlEvent({ ...seedBody, eventType: undefined }),
      400,
      {
        error: 'Missing required fields: eventType and timestamp',
        message: 'You must specify eventType and timestamp in the request body',
        issues: [{ path: 'eventType', message: 'Required' }],
      },
    ],
    [
      'a bad timestamp',
      functionUrlEvent({ ...seedBody, timestamp: 'yesterday' }),
      400,
      {
        error: 'Invalid event',
        message:
          'timestamp: timestamp must be an ISO 8601 date-time, a date (YYYY-MM-DD) or epoch milliseconds',
        issues: [
          {
            path: 'timestamp',
            message: 'timestamp must be an ISO 8601 date-time, a date (YYYY-MM-DD) or epoch milliseconds',
          },
        ],
      },
    ],
    [
      'an invalid bucket name',
      functionUrlEvent({ ...seedBody, bucket: 'Bad_Bucket' }),
      400,
      {
        error: 'Invalid bucket name',
        message: expect.stringContaining('must be 3-63 characters'),
        issues: [{ path: 'bucket', message: expect.stringContaining('Invalid bucket name') }],
      },
    ],
    [
      'an eventId that could escape the key',
      functionUrlEvent({ ...seedBody, eventId: '../../etc/passwd' }),
      400,
      {
        error: 'Invalid event',
        message: expect.stringContaining('eventId must be'),
        issues: [{ path: 'eventId', message: expect.any(String) }],
      },
    ],
    [
      'an unknown path',
      functionUrlEvent('{}', { path: '/events' }),
      404,
      {
        error: 'Not Found',
        message: 'Unknown path; send events to POST /track',
      },
    ],
    [
      'GET /track',
      functionUrlEvent('', { method: 'GET' }),
      405,
      { error: 'Method Not Allowed', message: 'Use POST to send events' },
    ],
    [
      'a body over the limit',
      functionUrlEvent({ ...seedBody, page: 'x'.repeat(70_000) }),
      413,
      {
        error: 'Payload Too Large',
        message: `The request body exceeds ${64 * 1024} bytes; send fewer events per batch`,
      },
    ],
    [
      'an unsupported content type',
      functionUrlEvent('<xml/>', { headers: { 'content-type': 'application/xml' } }),
      415,
      {
        error: 'Unsupported Media Type',
        message: 'Content-Type application/xml is not supported; send JSON as application/json or text/plain',
      },
    ],
  ])('%s → %i', async (_name, event, status, expected) => {
    const { handler, store } = setup();
    const result = await handler(event);
    expect(result.statusCode).toBe(status);
    expect(bodyOf(result)).toEqual(expected);
    expect(store.objects).toHaveLength(0);
  });

  it('answers 405 with an Allow header', async () => {
    const { handler } = setup();
    expect((await handler(functionUrlEvent('', { method: 'GET' }))).headers.allow).toBe('POST, OPTIONS');
  });

  it('refuses a browser origin that a bucket does not allow', async () => {
    const { handler } = setup();
    const event = functionUrlEvent(
      { ...seedBody, bucket: 'app2-analytics-staging' },
      { headers: { origin: 'https://evil.example' } },
    );
    const result = await handler(event);
    expect(result.statusCode).toBe(403);
    expect(bodyOf(result)).toEqual({
      error: 'Forbidden',
      message: 'Origin https://evil.example is not allowed to send events to bucket app2-analytics-staging',
    });
    const allowed = functionUrlEvent(
      { ...seedBody, bucket: 'app2-analytics-staging' },
      { headers: { origin: 'https://app2.example.com' } },
    );
    expect((await handler(allowed)).statusCode).toBe(200);
  });

  it('answers 503 with Retry-After when storage fails, and logs the failure without details to the caller', async () => {
    const logs: RequestLog[] = [];
    const errors: unknown[] = [];
    const handler = createHandler({
      salts: memorySalts(),
      config,
      store: failingStore,
      clock: () => NOW,
      observer: { request: (log) => logs.push(log), error: (_message, error) => errors.push(error) },
    });
    const result = await handler(functionUrlEvent(seedBody));
    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('2');
    expect(bodyOf(result)).toEqual({
      error: 'Service Unavailable',
      message:
        'The event store is temporarily unavailable; the events may not have been stored. Retry the same request later: each event is stored once.',
    });
    expect(errors).toEqual([expect.objectContaining({ name: 'SlowDown' })]);
    expect(logs.at(-1)).toMatchObject({ status: 503, reasons: { storage_unavailable: 1 } });
  });

  it('turns a bug into one opaque 500', async () => {
    const handler = createHandler({
      salts: memorySalts(),
      config,
      store: recordingStore(),
      clock: () => {
        throw new Error('clock exploded at /var/task/secret.js');
      },
      observer: silentObserver,
    });
    const result = await handler(functionUrlEvent(seedBody));
    expect(result.statusCode).toBe(500);
    expect(result.body).toBe('{"error":"Internal Server Error","message":"An unexpected error occurred"}');
  });

  it('refuses requests without the origin secret when one is configured (behind CloudFront)', async () => {
    const handler = createHandler({
      salts: memorySalts(),
      config: { ...config, originVerifySecret: 'cloudfront-origin-secret-123' },
      store: recordingStore(),
      observer: silentObserver,
    });
    expect((await handler(functionUrlEvent(seedBody))).statusCode).toBe(403);
    const through = functionUrlEvent(seedBody, {
      headers: { 'x-origin-verify': 'cloudfront-origin-secret-123' },
    });
    expect((await handler(through)).statusCode).toBe(200);
  });
});

describe('POST /track, batch', () => {
  it('stores a base64 text/plain batch as one gzip NDJSON object keyed by its event ids', async () => {
    const { handler, store } = setup();
    const result = await handler(fixtures.batchBase64);
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({
      status: 'ok',
      bucket: 'app1-analytics-prod',
      key: expect.stringMatching(/^analytics\/year=2025\/month=12\/day=17\/b-[0-9a-f]{32}\.ndjson\.gz$/),
      accepted: ['evt-0001-abcdef', 'evt-0002-abcdef'],
      rejected: [],
    });
    expect(store.objects).toHaveLength(1);
    expect(store.objects[0]).toMatchObject({ contentType: 'application/x-ndjson', contentEncoding: 'gzip' });
  });

  it('lists rejected events by index with the reason, storing the rest', async () => {
    const { handler, logs } = setup();
    const result = await handler(
      functionUrlEvent({
        bucket: 'app1-analytics-prod',
        events: [
          { eventId: 'evt-a-000001', eventType: 'a', timestamp: '2025-12-17T12:00:00Z' },
          { eventType: 'b' },
          { eventId: 'evt-a-000001', eventType: 'c', timestamp: '2025-12-17T12:00:00Z' },
        ],
      }),
    );
    expect(bodyOf(result)).toMatchObject({
      accepted: ['evt-a-000001'],
      rejected: [
        { index: 1, error: 'Invalid event', issues: [{ path: 'timestamp', message: 'Required' }] },
        { index: 2, error: 'Duplicate eventId', issues: [{ path: 'eventId', message: expect.any(String) }] },
      ],
    });
    expect(logs.at(-1)).toMatchObject({
      accepted: 1,
      rejected: 2,
      reasons: { invalid_event: 1, duplicate_eventid: 1 },
    });
  });

  it('answers 400 and stores nothing when no event is valid', async () => {
    const { handler, store } = setup();
    const result = await handler(
      functionUrlEvent({ bucket: 'app1-analytics-prod', events: [{ eventType: 1 }] }),
    );
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({
      error: 'Invalid batch',
      issues: [{ path: 'events.0.eventType' }, { path: 'events.0.timestamp' }],
    });
    expect(store.objects).toHaveLength(0);
  });

  it('refuses an empty or oversized batch', async () => {
    const { handler } = setup();
    expect((await handler(functionUrlEvent({ bucket: 'app1-analytics-prod', events: [] }))).statusCode).toBe(
      400,
    );
    const many = Array.from({ length: 501 }, () => ({ eventType: 'a', timestamp: '2025-12-17T12:00:00Z' }));
    const result = await handler(functionUrlEvent({ bucket: 'app1-analytics-prod', events: many }));
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result).message).toContain('at most 500 events');
  });
});

describe('edge cases found in review', () => {
  it('answers a bucket named after an Object.prototype key like any other (no 500)', async () => {
    const handler = createHandler({
      salts: memorySalts(),
      config: { ...config, allowedBuckets: ['*'] },
      store: recordingStore(),
      observer: silentObserver,
    });
    const result = await handler(
      functionUrlEvent({ ...seedBody, bucket: 'constructor' }, { headers: { origin: 'https://a.example' } }),
    );
    expect(result.statusCode).toBe(200);
  });

  it('answers 403, not 503, when a bucket allowed by a pattern does not exist (retrying cannot help)', async () => {
    const missing: EventStore = {
      async put() {
        throw Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket' });
      },
    };
    const handler = createHandler({ salts: memorySalts(), config, store: missing, observer: silentObserver });
    const result = await handler(functionUrlEvent({ ...seedBody, bucket: 'typo-analytics' }));
    expect(result.statusCode).toBe(403);
    expect(bodyOf(result)).toEqual({
      error: 'Forbidden',
      message: 'The specified bucket does not exist; check the bucket name',
    });
  });

  it('names a rejected batch element by its index alone when the element itself is wrong', async () => {
    const { handler } = setup();
    const result = await handler(
      functionUrlEvent({
        bucket: 'app1-analytics-prod',
        events: [{ eventType: 'a', timestamp: seedBody.timestamp }, 'oops'],
      }),
    );
    expect(bodyOf(result).rejected).toEqual([
      {
        index: 1,
        error: 'Invalid event',
        issues: [{ path: '', message: 'expected object, received string' }],
      },
    ]);
  });
});

describe("the original tracker's deployment", () => {
  const listed = { ...config, corsOrigins: ['https://naeemgitonga.com'] };

  it('refuses to be created without an allowed bucket', () => {
    expect(() =>
      createHandler({ config: { ...config, allowedBuckets: [] }, store: recordingStore() }),
    ).toThrow(/ALLOWED_BUCKETS is empty/);
  });

  it('answers a preflight from an unlisted origin without allowing it, and refuses its POST on every route', async () => {
    const store = recordingStore();
    const handler = createHandler({
      config: listed,
      store,
      salts: memorySalts(),
      clock: () => NOW,
      observer: silentObserver,
    });
    const origin = { origin: 'https://evil.com' };
    const preflight = await handler(functionUrlEvent('', { method: 'OPTIONS', headers: origin }));
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    for (const path of ['/track', '/trpc/track', '/prod/track']) {
      const result = await handler(functionUrlEvent(seedBody, { path, headers: origin }));
      expect(result.statusCode, path).toBe(403);
      expect(bodyOf(result), path).toEqual({ error: 'Forbidden', message: 'Origin not allowed' });
    }
    expect(store.objects).toHaveLength(0);
  });

  it('routes /prod/trpc/track like /trpc/track (the stage prefix of the original URL)', async () => {
    const { handler, store } = setup();
    const result = await handler(functionUrlEvent(seedBody, { path: '/prod/trpc/track' }));
    expect(result.statusCode).toBe(200);
    expect(store.objects).toHaveLength(1);
  });
});
