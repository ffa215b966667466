import { type StoredRow, StoredRowSchema } from '@analytics-tracker/schema';
import { recordingStore, seedBody } from '@analytics-tracker/testkit';
import { describe, expect, it } from 'vitest';
import { config, SECRET } from '../test/helpers.js';
import { createBucketAllowlist } from './bucket-allowlist.js';
import type { RequestContext } from './enricher.js';
import { createIpHasher } from './ip-hash.js';
import { createTrackerService } from './service.js';
import { storedObjectText } from './stored-object.js';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
const RAW_IP = '203.0.113.77';

function setup(trustCdnHeaders = false) {
  const store = recordingStore();
  const service = createTrackerService({
    config,
    allowlist: createBucketAllowlist(config.allowedBuckets),
    store,
    hasher: createIpHasher(SECRET),
    trustCdnHeaders,
  });
  const context: RequestContext = {
    now: new Date('2025-12-17T12:00:01.000Z'),
    clientIp: RAW_IP,
    headers: {
      'user-agent': 'header-agent',
      'cloudfront-viewer-country': 'DE',
      'cloudfront-viewer-city': 'Frankfurt%20am%20Main',
      'cloudfront-viewer-country-region': 'HE',
    },
  };
  return { service, store, context };
}

const rowsOf = (body: Uint8Array | string): StoredRow[] =>
  storedObjectText(body)
    .trim()
    .split('\n')
    .map((line) => StoredRowSchema.parse(JSON.parse(line)));

describe('track', () => {
  it('stores the enriched row, every field as the analyst reads it', async () => {
    const { service, store, context } = setup(true);
    await service.track(
      {
        ...seedBody,
        eventId: 'evt-0000-0001',
        userAgent: IPHONE,
        userId: 'user-42',
        page: '/articles/my-post?utm_source=newsletter&utm_medium=email&utm_campaign=launch',
        referrer: 'https://www.google.com/search?q=analytics',
        metadata: { plan: 'pro', nested: { a: [1, 2] } },
      },
      context,
    );
    const [object] = store.objects;
    expect(object?.key).toBe('analytics/year=2025/month=12/day=17/evt-0000-0001.json');
    const [row] = rowsOf(object?.body ?? '');
    const hasher = createIpHasher(SECRET);
    expect(row).toEqual({
      eventId: 'evt-0000-0001',
      eventType: 'page_view',
      timestamp: '2025-12-17T12:00:00.000Z',
      serverTimestamp: '2025-12-17T12:00:01.000Z',
      page: '/articles/my-post?utm_source=newsletter&utm_medium=email&utm_campaign=launch',
      sessionId: 'abc123',
      ip: hasher.ipHash(RAW_IP, '2025-12-17'),
      visitorId: hasher.visitorId('app1-analytics-prod', RAW_IP, IPHONE, '2025-12-17'),
      location: { country: 'DE', city: 'Frankfurt am Main', region: 'HE' },
      device: {
        device_type: 'mobile',
        browser: 'Mobile Safari',
        browser_version: '17.1',
        os: 'iOS',
        is_bot: false,
      },
      viewport: { width: 1920, height: 1080 },
      referrer: 'https://www.google.com/search?q=analytics',
      referrerDomain: 'google.com',
      utm: { source: 'newsletter', medium: 'email', campaign: 'launch', term: null, content: null },
      userAgent: IPHONE,
      fromWebsite: 'LinkedIn',
      userId: 'user-42',
      metadata: '{"plan":"pro","nested":{"a":[1,2]}}',
    });
    expect(object?.body).not.toContain(RAW_IP);
  });

  it('never lets client input overwrite a server field', async () => {
    const { service, store, context } = setup();
    await service.track(
      {
        ...seedBody,
        ip: '1.2.3.4',
        visitorId: 'mine',
        serverTimestamp: '1999-01-01T00:00:00Z',
        device: { is_bot: false },
        location: { country: 'XX' },
        utm: { source: 'forged' },
        metadata: { ip: '1.2.3.4', serverTimestamp: 'x' },
      },
      context,
    );
    const [row] = rowsOf(store.objects[0]?.body ?? '');
    expect(row?.ip).toMatch(/^[0-9a-f]{16}$/);
    expect(row?.visitorId).toMatch(/^[0-9a-f]{16}$/);
    expect(row?.serverTimestamp).toBe('2025-12-17T12:00:01.000Z');
    expect(row?.location).toEqual({ country: null, city: null, region: null });
    expect(row?.utm.source).toBeNull();
    expect(JSON.parse(row?.metadata ?? '{}')).toEqual({ ip: '1.2.3.4', serverTimestamp: 'x' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps prototype-pollution keys as inert data', async () => {
    const { service, store, context } = setup();
    const body = JSON.parse(
      `{"bucket":"app1-analytics-prod","eventType":"x","timestamp":"2025-12-17T12:00:00Z","__proto__":{"ip":"1.2.3.4"},"metadata":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}`,
    );
    await service.track(body, context);
    const [row] = rowsOf(store.objects[0]?.body ?? '');
    expect(row?.metadata).toBe(
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    );
    expect(row?.ip).not.toBe('1.2.3.4');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ignores CloudFront headers unless they are trusted', async () => {
    const { service, store, context } = setup(false);
    await service.track(seedBody, context);
    expect(rowsOf(store.objects[0]?.body ?? '')[0]?.location).toEqual({
      country: null,
      city: null,
      region: null,
    });
  });

  it("takes the visitor's user agent from the header only when a browser sent the request", async () => {
    const { service, store, context } = setup();
    const browser = { ...context, headers: { ...context.headers, origin: 'https://app1.example.com' } };
    await service.track({ ...seedBody, userAgent: undefined }, browser);
    await service.track({ ...seedBody, userAgent: undefined }, context);
    const [fromBrowser, fromServer] = store.objects.map((object) => rowsOf(object.body)[0]);
    expect(fromBrowser?.userAgent).toBe('header-agent');
    expect(fromServer?.userAgent).toBeNull();
    expect(fromServer?.device).toEqual({
      device_type: 'desktop',
      browser: null,
      browser_version: null,
      os: null,
      is_bot: false,
    });
  });

  it('flags a crawler running the browser tracker as a bot', async () => {
    const { service, store, context } = setup();
    const crawler = {
      ...context,
      headers: {
        origin: 'https://app1.example.com',
        'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      },
    };
    await service.track({ ...seedBody, userAgent: undefined }, crawler);
    expect(rowsOf(store.objects[0]?.body ?? '')[0]?.device.is_bot).toBe(true);
  });

  it('refuses metadata that is too deep or too large', async () => {
    const { service, context } = setup();
    const deep = { a: { b: { c: { d: { e: { f: 1 } } } } } };
    await expect(service.track({ ...seedBody, metadata: deep }, context)).rejects.toMatchObject({
      status: 400,
      issues: [{ path: 'metadata', message: 'metadata must be nested at most 5 levels deep' }],
    });
    await expect(
      service.track({ ...seedBody, metadata: { big: 'x'.repeat(9000) } }, context),
    ).rejects.toMatchObject({
      status: 400,
      issues: [{ path: 'metadata', message: expect.stringContaining('at most 8192 bytes') }],
    });
  });
});

describe('trackBatch', () => {
  it('writes one gzip NDJSON object holding every accepted row', async () => {
    const { service, store, context } = setup();
    const events = Array.from({ length: 3 }, (_, i) => ({
      eventId: `evt-batch-${i}000`,
      eventType: 'click',
      timestamp: '2025-12-17T12:00:00Z',
    }));
    const response = await service.trackBatch({ bucket: 'my-app-analytics', events }, context);
    expect(store.objects).toHaveLength(1);
    const rows = rowsOf(store.objects[0]?.body ?? '');
    expect(rows.map((row) => row.eventId)).toEqual(response.accepted);
    expect(store.objects[0]?.key).toBe(response.key);
    const again = await service.trackBatch({ bucket: 'my-app-analytics', events }, context);
    expect(again.key).toBe(response.key);
  });
});
