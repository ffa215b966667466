import { createHmac } from 'node:crypto';
import { type StoredRow, StoredRowSchema, type UserAgentMode } from '@analytics-tracker/schema';
import { recordingStore, seedBody } from '@analytics-tracker/testkit';
import { describe, expect, it } from 'vitest';
import { config, memorySalts } from '../test/helpers.js';
import { createBucketAllowlist } from './bucket-allowlist.js';
import type { RequestContext } from './enricher.js';
import { createIpHasher } from './ip-hash.js';
import { createTrackerService } from './service.js';
import { storedObjectText } from './stored-object.js';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
const RAW_IP = '203.0.113.77';

/** The documented hash, written out here: first 16 hex of HMAC-SHA256(salt, message). */
const hmac16 = (salt: string, message: string) =>
  createHmac('sha256', salt).update(message).digest('hex').slice(0, 16);

function setup(trustCdnHeaders = false, userAgent: UserAgentMode = 'full') {
  const store = recordingStore();
  const salts = memorySalts();
  const service = createTrackerService({
    config,
    allowlist: createBucketAllowlist(config.allowedBuckets),
    store,
    salts,
    hasher: createIpHasher(),
    userAgent,
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
  return { service, store, context, vault: salts.vault };
}

const rowsOf = (body: Uint8Array | string): StoredRow[] =>
  storedObjectText(body)
    .trim()
    .split('\n')
    .map((line) => StoredRowSchema.parse(JSON.parse(line)));

describe('track', () => {
  it('stores the enriched row, every field as the analyst reads it', async () => {
    const { service, store, context, vault } = setup(true);
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
    expect(object?.key).toMatch(/^analytics\/year=2025\/month=12\/day=17\/evt-0000-0001-[0-9a-f]{16}\.json$/);
    const [row] = rowsOf(object?.body ?? '');
    const salt = vault.salts.get('2025-12-17') ?? 'missing';
    expect(row).toEqual({
      eventId: 'evt-0000-0001',
      eventType: 'page_view',
      timestamp: '2025-12-17T12:00:00.000Z',
      serverTimestamp: '2025-12-17T12:00:01.000Z',
      page: '/articles/my-post?utm_source=newsletter&utm_medium=email&utm_campaign=launch',
      sessionId: 'abc123',
      ip: hmac16(salt, `app1-analytics-prod\n${RAW_IP}`),
      visitorId: hmac16(salt, `app1-analytics-prod\n${RAW_IP}\n${IPHONE}`),
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
      device_type: null,
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

  it.each([
    [
      'parsed',
      null,
      { device_type: 'mobile', browser: 'Mobile Safari', browser_version: '17.1', os: 'iOS', is_bot: false },
    ],
    ['none', null, { device_type: 'mobile', browser: null, browser_version: null, os: null, is_bot: false }],
    [
      'full',
      IPHONE,
      { device_type: 'mobile', browser: 'Mobile Safari', browser_version: '17.1', os: 'iOS', is_bot: false },
    ],
  ] as const)('with userAgent %s, stores user agent %s and device %o', async (mode, userAgent, device) => {
    const { service, store, context } = setup(false, mode);
    await service.track({ ...seedBody, userAgent: IPHONE }, context);
    const [row] = rowsOf(store.objects[0]?.body ?? '');
    expect(row?.userAgent).toBe(userAgent);
    expect(row?.device).toEqual(device);
  });

  it.each([
    ['parsed', 'kept: it names software, not a person'],
    ['none', null],
  ] as const)("with userAgent %s, a crawler's user agent is %s", async (mode, kept) => {
    const googlebot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
    const { service, store, context } = setup(false, mode);
    await service.track({ ...seedBody, userAgent: googlebot }, context);
    const [row] = rowsOf(store.objects[0]?.body ?? '');
    expect(row?.device.is_bot).toBe(true);
    expect(row?.userAgent).toBe(kept === null ? null : googlebot);
  });

  it('gives the same visitor different ip and visitorId hashes in two apps', async () => {
    const { service, store, context } = setup();
    await service.track({ ...seedBody, bucket: 'app1-analytics-prod' }, context);
    await service.track({ ...seedBody, bucket: 'app2-analytics-staging' }, context);
    const [app1, app2] = store.objects.map((object) => rowsOf(object.body)[0]);
    expect(app1?.ip).not.toBe(app2?.ip);
    expect(app1?.visitorId).not.toBe(app2?.visitorId);
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
