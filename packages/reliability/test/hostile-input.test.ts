import { createHandler, storedObjectText } from '@analytics-tracker/handler';
import { type HandlerConfig, StoredRowSchema } from '@analytics-tracker/schema';
import { functionUrlEvent, recordingStore } from '@analytics-tracker/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  captureObserver,
  type HostileRequest,
  hostileRequest,
  isAllowedKey,
  isAllowedTestBucket,
  leakedIps,
  prototypeSnapshot,
} from '../src/index.js';

const NOW = new Date('2025-12-17T12:00:00.000Z');
const NUM_RUNS = 10_000;

const baseConfig: HandlerConfig = {
  allowedBuckets: ['app1-analytics-prod', 'app2-analytics-staging', '*-analytics'],
  corsOrigins: ['*'],
  bucketOrigins: { 'app2-analytics-staging': ['https://app2.example.com'] },
  ipHashSecret: 'reliability-secret-0123456789',
  maxBodyBytes: 16 * 1024,
  enableMetrics: false,
  metricsNamespace: 'Reliability',
  trustCdnHeaders: false,
};

/** The hostile request as a Function URL event, with exactly its own headers. */
const toEvent = (request: HostileRequest) =>
  functionUrlEvent(request.body, {
    path: request.path,
    method: request.method,
    rawQueryString: request.rawQueryString,
    headers: request.headers,
    replaceHeaders: true,
    sourceIp: request.sourceIp,
    base64: request.base64,
    requestId: 'hostile',
  });

describe('hostile input, in process', () => {
  it(`never answers 500, writes only under analytics/ of allowed buckets, never stores or logs a raw IP, and leaves prototypes alone (${NUM_RUNS} cases)`, async () => {
    const store = recordingStore();
    const observer = captureObserver();
    const handlers = {
      direct: createHandler({ config: baseConfig, store, observer, clock: () => NOW }),
      behindCdn: createHandler({
        config: { ...baseConfig, trustCdnHeaders: true },
        store,
        observer,
        clock: () => NOW,
      }),
    };
    const prototypes = prototypeSnapshot();
    const statuses = new Map<number, number>();

    await fc.assert(
      fc.asyncProperty(hostileRequest, fc.boolean(), async (request, behindCdn) => {
        const objectsBefore = store.objects.length;
        const linesBefore = observer.lines.length;
        const result = await (behindCdn ? handlers.behindCdn : handlers.direct)(toEvent(request));
        statuses.set(result.statusCode, (statuses.get(result.statusCode) ?? 0) + 1);

        // Never a bug: every answer is a deliberate one, with CORS.
        expect(result.statusCode).toBeLessThan(500);
        expect(result.headers['access-control-allow-methods']).toBeDefined();

        for (const object of store.objects.slice(objectsBefore)) {
          expect(isAllowedTestBucket(object.bucket), object.bucket).toBe(true);
          expect(isAllowedKey(object.key), object.key).toBe(true);
          const text = storedObjectText(object.body);
          expect(leakedIps(text, request)).toEqual([]);
          for (const line of text.split('\n').filter(Boolean)) {
            const row: unknown = JSON.parse(line);
            // Only the schema's columns, with server fields the server's own.
            expect(StoredRowSchema.safeParse(row).success).toBe(true);
            const { ip, visitorId, serverTimestamp } = StoredRowSchema.parse(row);
            expect(ip).toMatch(/^[0-9a-f]{16}$/);
            expect(visitorId).toMatch(/^[0-9a-f]{16}$/);
            expect(serverTimestamp).toBe(NOW.toISOString());
          }
        }
        for (const line of observer.lines.slice(linesBefore)) {
          expect(leakedIps(line, request)).toEqual([]);
          const bucket = (JSON.parse(line) as { bucket?: string }).bucket;
          if (bucket !== undefined) expect(isAllowedTestBucket(bucket)).toBe(true);
        }
        // Prototype-pollution keys stayed data.
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: NUM_RUNS, seed: 20_251_217 },
    );

    expect(prototypeSnapshot()).toEqual(prototypes);
    // The generators reach the interesting answers, not only 400s.
    for (const status of [200, 400, 403, 404, 405, 413, 415])
      expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
    expect(store.objects.length).toBeGreaterThan(NUM_RUNS / 10);
  });

  it('keeps __proto__ and constructor keys as plain data: stored inside metadata, never merged into objects', async () => {
    const store = recordingStore();
    const handler = createHandler({
      config: baseConfig,
      store,
      observer: captureObserver(),
      clock: () => NOW,
    });
    const body =
      '{"__proto__":{"bucket":"evil-bucket","polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},' +
      '"bucket":"app1-analytics-prod","eventType":"page_view","timestamp":"2025-12-17T12:00:00Z",' +
      '"metadata":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"plan":"pro"}}';

    const result = await handler(
      toEvent({
        method: 'POST',
        path: '/track',
        rawQueryString: '',
        headers: {},
        body,
        base64: false,
        sourceIp: '203.0.113.9',
        clientIps: ['203.0.113.9'],
      }),
    );

    expect(result.statusCode).toBe(200);
    expect(store.objects.map((object) => object.bucket)).toEqual(['app1-analytics-prod']);
    const row = StoredRowSchema.parse(JSON.parse(storedObjectText(store.objects[0]?.body ?? '')));
    expect(Object.keys(row)).not.toContain('polluted');
    const metadata = JSON.parse(row.metadata ?? '{}') as Record<string, unknown>;
    expect(Object.hasOwn(metadata, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(metadata.plan).toBe('pro');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
