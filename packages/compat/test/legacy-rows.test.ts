import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DashboardData,
  loadDashboardQueries,
  localBackend,
  PANEL_QUERY_NAMES,
  startDashboard,
} from '@analytics-tracker/dashboard';
import { startOffline } from '@analytics-tracker/local';
import { defineConfig } from '@analytics-tracker/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGINAL_KEY, REPO_ROOT } from '../src/index.js';
import { putLegacyRows } from './legacy-store.js';
import { queryJson } from './query-json.js';

const BUCKET = 'app1-analytics-prod';
// CloudFront in front, so the offline server trusts the viewer headers the new events carry.
const CONFIG_INPUT = {
  allowedBuckets: [BUCKET],
  apps: [{ name: 'app1', bucket: BUCKET }],
  cloudfront: { enabled: true },
};
const config = defineConfig(CONFIG_INPUT);

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

const NOW = new Date();
const DAY = NOW.toISOString().slice(0, 10);
const [YEAR, MONTH, DD] = DAY.split('-');
const at = (time: string) => `${DAY}T${time}Z`;

// Rows in the original tracker's exact shape (its README's data schema): metadata keys spread at the
// top level (its `userId` lifted too), no is_bot / visitorId / referrerDomain / utm, its defaults
// "unknown" (location, device type), "Unknown" (browser), "direct" (no referrer) and a 0×0 viewport,
// the timestamp as the client sent it. Some of its versions kept metadata as an object or a string.
const LEGACY_ROWS = [
  {
    eventId: '1765972800-a1b2c3d4',
    eventType: 'page_view',
    timestamp: at('09:00:00.000'),
    serverTimestamp: at('09:00:00.412'),
    page: '/pricing?utm_source=newsletter&utm_campaign=launch',
    sessionId: 'legacy-1',
    ip: 'aaaaaaaaaaaaaaaa',
    location: { country: 'unknown', city: 'unknown', region: 'unknown' },
    device: { device_type: 'desktop', browser: 'Chrome' },
    viewport: { width: 1920, height: 1080 },
    referrer: 'https://www.google.com/search?q=tracker',
    userAgent: CHROME,
    fromWebsite: 'LinkedIn',
    campaignVariant: 'b',
  },
  {
    eventId: '1765972801-b2c3d4e5',
    eventType: 'page_view',
    // Epoch milliseconds, as a client sent it.
    timestamp: Date.parse(at('09:30:00.000')),
    serverTimestamp: at('09:30:00.100'),
    page: '/',
    sessionId: 'legacy-2',
    ip: 'bbbbbbbbbbbbbbbb',
    location: { country: 'US', city: 'Seattle', region: 'WA' },
    device: { device_type: 'unknown', browser: 'Unknown' },
    viewport: { width: 0, height: 0 },
    referrer: 'direct',
    userAgent: 'unknown',
    fromWebsite: null,
  },
  {
    eventId: '1765972802-c3d4e5f6',
    eventType: 'signup',
    timestamp: at('09:05:00.000').replace('Z', ''),
    serverTimestamp: at('09:05:00.050'),
    page: '/pricing',
    sessionId: 'legacy-1',
    ip: 'aaaaaaaaaaaaaaaa',
    location: { country: 'unknown', city: 'unknown', region: 'unknown' },
    device: { device_type: 'desktop', browser: 'Chrome' },
    viewport: { width: 1920, height: 1080 },
    referrer: 'direct',
    userAgent: CHROME,
    fromWebsite: null,
    userId: 'u-7',
    metadata: { plan: 'pro', userId: 'u-7' },
  },
  {
    eventId: '1765972803-d4e5f6a7',
    eventType: 'page_view',
    timestamp: at('10:00:00.000'),
    serverTimestamp: at('10:00:00.000'),
    page: '/',
    sessionId: 'legacy-3',
    ip: 'aaaaaaaaaaaaaaaa',
    location: { country: 'unknown', city: 'unknown', region: 'unknown' },
    device: { device_type: 'desktop', browser: 'Chrome' },
    viewport: { width: 1280, height: 720 },
    referrer: 'https://news.ycombinator.com/',
    userAgent: CHROME,
    fromWebsite: null,
    metadata: '{"plan":"team"}',
  },
  {
    eventId: '1765972804-e5f6a7b8',
    eventType: 'click',
    // The original stored whatever it was given; one such row must not fail a whole query.
    timestamp: 'yesterday',
    serverTimestamp: at('10:01:00.000'),
    page: '/',
    sessionId: 'legacy-3',
    ip: 'aaaaaaaaaaaaaaaa',
    location: { country: 'unknown', city: 'unknown', region: 'unknown' },
    device: { device_type: 'desktop', browser: 'Chrome' },
    viewport: { width: 1280, height: 720 },
    referrer: 'direct',
    userAgent: CHROME,
    fromWebsite: null,
  },
];

// Events this tracker receives now, over HTTP, from browsers (so their user agent is read).
const NEW_EVENTS = [
  {
    ua: CHROME,
    country: 'DE',
    ip: '203.0.113.10',
    body: { eventType: 'page_view', page: '/', referrer: 'https://google.com/' },
  },
  { ua: GOOGLEBOT, country: 'US', ip: '66.249.66.1', body: { eventType: 'page_view', page: '/pricing' } },
  {
    ua: CHROME,
    country: 'DE',
    ip: '203.0.113.10',
    body: { eventType: 'signup', page: '/pricing', metadata: { plan: 'pro' } },
  },
];

let dir: string;
let dataDir: string;
let configFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'compat-legacy-'));
  dataDir = join(dir, '.data');
  configFile = join(dir, 'tracker.config.ts');
  await writeFile(configFile, `export default ${JSON.stringify(CONFIG_INPUT)};\n`);
  const offline = await startOffline({ port: 0, s3Port: 0, dataDir, quiet: true, config, clock: () => NOW });
  try {
    // As the original wrote them: one PutObject per event, `analytics/year=/month=/day=/<eventId>.json`.
    for (const key of await putLegacyRows(offline.s3Endpoint, BUCKET, DAY, LEGACY_ROWS)) {
      expect(key).toMatch(ORIGINAL_KEY);
    }
    for (const [i, event] of NEW_EVENTS.entries()) {
      const response = await fetch(`${offline.url}/track`, {
        method: 'POST',
        headers: {
          origin: 'https://app1.example.com',
          'user-agent': event.ua,
          'cloudfront-viewer-country': event.country,
          'cloudfront-viewer-address': `${event.ip}:443`,
        },
        body: JSON.stringify({
          bucket: BUCKET,
          timestamp: at(`11:0${i}:00.000`),
          sessionId: `new-${i}`,
          ...event.body,
        }),
      });
      expect(response.status).toBe(200);
    }
  } finally {
    await offline.stop();
  }
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const query = (args: string[]) => queryJson(args, { configFile, dataDir });

const example = (name: string) =>
  query(['--file', join(REPO_ROOT, 'sql/example-queries.sql'), '--name', name]);

describe("the original tracker's rows, read through the reading view", () => {
  it('reads each legacy column as ours would hold it', async () => {
    const rows = await query([
      `SELECT eventid, "timestamp", visitorid, location, device, viewport, referrer, referrerdomain, utm, userid,
              json_extract_scalar(metadata, '$.plan') AS plan
       FROM analytics_db.app1_events_dedup WHERE eventid LIKE '1765972%' ORDER BY eventid`,
    ]);
    const nulls = { country: null, city: null, region: null };
    const noUtm = { source: null, medium: null, campaign: null, term: null, content: null };
    expect(rows).toEqual([
      {
        eventid: '1765972800-a1b2c3d4',
        timestamp: at('09:00:00.000'),
        visitorid: 'aaaaaaaaaaaaaaaa',
        location: nulls,
        device: { device_type: 'desktop', browser: 'Chrome', browser_version: null, os: null, is_bot: false },
        viewport: { width: 1920, height: 1080 },
        referrer: 'https://www.google.com/search?q=tracker',
        referrerdomain: 'google.com',
        utm: { ...noUtm, source: 'newsletter', campaign: 'launch' },
        userid: null,
        plan: null,
      },
      {
        eventid: '1765972801-b2c3d4e5',
        timestamp: at('09:30:00.000'),
        visitorid: 'bbbbbbbbbbbbbbbb',
        location: { country: 'US', city: 'Seattle', region: 'WA' },
        device: { device_type: null, browser: null, browser_version: null, os: null, is_bot: false },
        viewport: { width: null, height: null },
        referrer: null,
        referrerdomain: null,
        utm: noUtm,
        userid: null,
        plan: null,
      },
      expect.objectContaining({
        eventid: '1765972802-c3d4e5f6',
        // ISO without a zone stays as sent; from_iso8601_timestamp reads it as UTC.
        timestamp: at('09:05:00.000').replace('Z', ''),
        userid: 'u-7',
        plan: 'pro',
      }),
      expect.objectContaining({
        eventid: '1765972803-d4e5f6a7',
        referrerdomain: 'news.ycombinator.com',
        plan: 'team',
      }),
      // Not a date: outside any client-clock window, so the row's own serverTimestamp is read.
      expect.objectContaining({ eventid: '1765972804-e5f6a7b8', timestamp: at('10:01:00.000') }),
    ]);
  });

  // Expected figures: the legacy rows and the new events above, counted by hand.
  // Page views that are not bots: legacy 1 (/pricing), 2 (/), 4 (/), and the new Chrome one (/).
  it('top_pages counts every legacy page view (is_bot missing is not a bot)', async () => {
    expect(await example('top_pages')).toEqual([
      { path: '/', views: 3, visitors: 3 },
      { path: '/pricing', views: 1, visitors: 1 },
    ]);
  });

  it('unique_visitors_per_day counts a legacy visitor by its IP hash', async () => {
    // Visitors: aaaa… (legacy 1 and 4), bbbb… (legacy 2), and the new Chrome visitor.
    expect(await example('unique_visitors_per_day')).toEqual([
      { year: YEAR, month: MONTH, day: DD, visitors: 3, page_views: 4 },
    ]);
  });

  it('browsers, countries, referrers and campaigns group old and new rows together', async () => {
    expect(await example('browsers_and_os')).toEqual([
      { browser: 'Chrome', os: 'unknown', views: 2 },
      { browser: 'Chrome', os: 'Windows', views: 1 },
      { browser: 'unknown', os: 'unknown', views: 1 },
    ]);
    expect(await example('countries')).toEqual([
      { country: 'unknown', views: 2 },
      { country: 'DE', views: 1 },
      { country: 'US', views: 1 },
    ]);
    expect(await example('top_referrer_domains')).toEqual([
      { referrer_domain: 'google.com', views: 2 },
      { referrer_domain: 'news.ycombinator.com', views: 1 },
    ]);
    expect(await example('utm_campaigns')).toEqual([
      { utm_source: 'newsletter', utm_medium: null, utm_campaign: 'launch', views: 1, visitors: 1 },
    ]);
  });

  it('bot_share, sessions and signups_by_plan run over legacy timestamps and metadata', async () => {
    // 8 events in all; only the new Googlebot page view is a bot.
    expect(await example('bot_share')).toEqual([
      { year: YEAR, month: MONTH, day: DD, events: 8, bot_events: 1, bot_percent: 12.5 },
    ]);
    const sessions = await example('sessions');
    expect(sessions.find((session) => session.session_id === 'legacy-1')).toMatchObject({
      duration_seconds: 300,
      events: 2,
      page_views: 1,
      // The sessions query reports the entry page as a path, like the dashboard's pages panels.
      entry_page: '/pricing',
    });
    expect(sessions.find((session) => session.session_id === 'legacy-2')).toMatchObject({ events: 1 });
    // Signups: legacy 3 (metadata object) and the new one (metadata string), both "pro".
    expect(await example('signups_by_plan')).toEqual([{ plan: 'pro', signups: 2 }]);
  });
});

describe('the dashboard over legacy and new rows', () => {
  it("counts the original's rows in every panel", async () => {
    const queries = await loadDashboardQueries(
      join(REPO_ROOT, 'sql/dashboard-queries.sql'),
      PANEL_QUERY_NAMES,
    );
    const dashboard = await startDashboard({
      config,
      backend: localBackend({ dataDir, config }),
      queries,
      port: 0,
      clock: () => NOW,
    });
    try {
      const response = await fetch(`${dashboard.url}/api/dashboard?app=app1&range=today`);
      expect(response.status).toBe(200);
      const data = (await response.json()) as DashboardData;
      expect(data.headline.current.rows[0]).toMatchObject({ page_views: 4, visitors: 3 });
      const table = (name: string) => data.tables.find((result) => result.query === name)?.rows;
      expect(table('top_pages')).toEqual([
        { page: '/', views: 3, visitors: 3 },
        { page: '/pricing', views: 1, visitors: 1 },
      ]);
      expect(table('devices')).toEqual([
        { device: 'desktop', views: 3, visitors: 2 },
        { device: 'unknown', views: 1, visitors: 1 },
      ]);
      expect(table('browsers')).toEqual([
        { browser: 'Chrome', views: 3, visitors: 2 },
        { browser: 'unknown', views: 1, visitors: 1 },
      ]);
      // The original's "direct" page view (the second legacy row) is the dashboard's "Direct / None".
      expect(table('referrer_domains')).toEqual([
        { referrer: 'google.com', views: 2, visitors: 2 },
        { referrer: 'Direct / None', views: 1, visitors: 1 },
        { referrer: 'news.ycombinator.com', views: 1, visitors: 1 },
      ]);
      expect(table('utm_campaigns')).toEqual([{ campaign: 'launch', views: 1, visitors: 1 }]);
      for (const panel of [data.headline.current, data.traffic, ...data.tables]) {
        expect(panel.failure, panel.query).toBeUndefined();
      }
    } finally {
      await dashboard.stop();
    }
  });
});
