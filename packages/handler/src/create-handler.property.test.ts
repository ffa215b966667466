import { functionUrlEvent, recordingStore } from '@analytics-tracker/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { config } from '../test/helpers.js';
import { createHandler } from './create-handler.js';
import { silentObserver } from './observability.js';

const KEY_SHAPE = /^analytics\/year=\d{4}\/month=\d{2}\/day=\d{2}\/[A-Za-z0-9_-]+\.(json|ndjson\.gz)$/;

/** The reference the allow-list must agree with: config.allowedBuckets, spelled out by hand. */
const allowedByConfig = (bucket: string) =>
  bucket === 'app1-analytics-prod' ||
  bucket === 'app2-analytics-staging' ||
  (bucket.endsWith('-analytics') && bucket.length > '-analytics'.length);

/** Mostly plausible values, sometimes anything: so both the accept path and the refusals are exercised. */
const mostly = <T, U>(likely: fc.Arbitrary<T>, other: fc.Arbitrary<U>): fc.Arbitrary<T | U> =>
  fc.oneof({ weight: 4, arbitrary: likely }, { weight: 1, arbitrary: other });

const bucket = mostly(
  fc.constantFrom(
    'app1-analytics-prod',
    'app2-analytics-staging',
    'my-app-analytics',
    'other-bucket',
    '../analytics',
    '',
  ),
  fc.oneof(fc.string(), fc.stringMatching(/^[a-z0-9.*-]{1,70}$/)),
);

const eventFields = fc.record(
  {
    eventType: mostly(fc.constantFrom('page_view', 'signup'), fc.oneof(fc.string(), fc.integer())),
    timestamp: mostly(
      fc
        .date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2100-01-01') })
        .map((d) => d.toISOString()),
      fc.string(),
    ),
    eventId: mostly(
      fc.stringMatching(/^[A-Za-z0-9_-]{8,20}$/),
      fc.constantFrom('../../../etc/passwd', 'a/b', ''),
    ),
    page: mostly(fc.webUrl({ withQueryParameters: true }), fc.string()),
    metadata: mostly(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), fc.anything()),
    viewport: mostly(fc.record({ width: fc.nat(5000), height: fc.nat(5000) }), fc.anything()),
    ip: fc.constant('203.0.113.9'),
  },
  { requiredKeys: ['eventType', 'timestamp'] },
);

const body = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(bucket, eventFields).map(([name, fields]) => ({ ...fields, bucket: name })),
  },
  {
    weight: 3,
    arbitrary: fc.record({ bucket, events: fc.array(mostly(eventFields, fc.anything()), { maxLength: 8 }) }),
  },
  { weight: 1, arbitrary: fc.record({ bucket: fc.anything(), events: fc.anything() }) },
  { weight: 1, arbitrary: fc.jsonValue() },
);

const request = fc.record({
  text: mostly(
    body.map((value) => JSON.stringify(value) ?? ''),
    fc.string(),
  ),
  contentType: mostly(
    fc.constantFrom('application/json', 'text/plain;charset=UTF-8'),
    fc.constantFrom('application/xml', 'multipart/form-data', ''),
  ),
  origin: fc.constantFrom(undefined, 'https://evil.example', 'https://app2.example.com'),
  base64: fc.boolean(),
  method: mostly(fc.constant('POST'), fc.constantFrom('GET', 'OPTIONS', 'DELETE')),
  path: mostly(fc.constant('/track'), fc.constantFrom('/trpc/track', '/trpc/trackBatch', '/', '/track/../x')),
});

describe('handler, arbitrary requests (fast-check)', () => {
  it('never answers 500, never writes outside analytics/ or to a bucket that is not allowed', async () => {
    const store = recordingStore();
    const handler = createHandler({ config, store, observer: silentObserver });
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const before = store.objects.length;
        const headers: Record<string, string> = input.contentType
          ? { 'content-type': input.contentType }
          : {};
        if (input.origin) headers.origin = input.origin;
        const result = await handler(
          functionUrlEvent(input.text, {
            method: input.method,
            path: input.path,
            headers,
            base64: input.base64,
          }),
        );
        expect(result.statusCode).toBeLessThan(500);
        for (const object of store.objects.slice(before)) {
          expect(object.key).toMatch(KEY_SHAPE);
          expect(allowedByConfig(object.bucket)).toBe(true);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 1500 },
    );
    // The property only means something if valid requests were among the cases and were stored.
    // About 6% of the cases (~90 of 1,500) are valid and allowed; 30 is far below any plausible draw.
    expect(store.objects.length).toBeGreaterThan(30);
    // 1,500 requests through the whole handler: well under a second alone, several on a busy machine.
  }, 60_000);
});
