import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOffline } from '@analytics-tracker/local';
import { defineConfig } from '@analytics-tracker/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGINAL_APPS, ORIGINAL_BODY, ORIGINAL_QUERIES, runQueryProcess } from '../src/index.js';

// Real user agents and what ua-parser-js documents for them (the device type of a desktop is
// undefined there; the stored row says 'desktop').
const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';

interface Sent {
  bucket: string;
  eventType: string;
  userAgent: string;
  /** The server's day (its clock), which names the partition. */
  day: string;
}

/** The ground truth: every event the test sends, from which each expected figure is computed. */
const SENT: Sent[] = [
  { bucket: 'app1-analytics-prod', eventType: 'page_view', userAgent: CHROME_WINDOWS, day: '2025-12-16' },
  { bucket: 'app1-analytics-prod', eventType: 'page_view', userAgent: SAFARI_IPHONE, day: '2025-12-16' },
  { bucket: 'app1-analytics-prod', eventType: 'signup', userAgent: SAFARI_IPHONE, day: '2025-12-16' },
  { bucket: 'app1-analytics-prod', eventType: 'page_view', userAgent: CHROME_WINDOWS, day: '2025-12-17' },
  { bucket: 'app1-analytics-prod', eventType: 'page_view', userAgent: CHROME_WINDOWS, day: '2025-12-17' },
  { bucket: 'app1-analytics-prod', eventType: 'page_view', userAgent: FIREFOX_LINUX, day: '2025-12-17' },
  { bucket: 'app1-analytics-prod', eventType: 'click', userAgent: FIREFOX_LINUX, day: '2025-12-17' },
  ...Array.from({ length: 4 }, () => ({
    bucket: 'website-analytics',
    eventType: 'page_view',
    userAgent: CHROME_WINDOWS,
    day: '2025-12-17',
  })),
  { bucket: 'mobile-app-analytics', eventType: 'page_view', userAgent: SAFARI_IPHONE, day: '2025-12-16' },
  { bucket: 'mobile-app-analytics', eventType: 'page_view', userAgent: SAFARI_IPHONE, day: '2025-12-17' },
  { bucket: 'api-analytics', eventType: 'page_view', userAgent: FIREFOX_LINUX, day: '2025-12-17' },
  { bucket: 'api-analytics', eventType: 'api_call', userAgent: FIREFOX_LINUX, day: '2025-12-17' },
];

const BROWSER: Record<string, { device_type: string; browser: string }> = {
  [CHROME_WINDOWS]: { device_type: 'desktop', browser: 'Chrome' },
  [SAFARI_IPHONE]: { device_type: 'mobile', browser: 'Mobile Safari' },
  [FIREFOX_LINUX]: { device_type: 'desktop', browser: 'Firefox' },
};

const CONFIG_INPUT = {
  allowedBuckets: ORIGINAL_APPS.map((app) => app.bucket),
  apps: ORIGINAL_APPS.map((app) => ({ ...app })),
};

let dir: string;
let dataDir: string;
let configFile: string;
const eventIds: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'compat-queries-'));
  dataDir = join(dir, '.data');
  // The platform team's tracker.config.ts with the original README's apps in it.
  configFile = join(dir, 'tracker.config.ts');
  await writeFile(configFile, `export default ${JSON.stringify(CONFIG_INPUT, null, 2)};\n`);
  let now = new Date();
  const offline = await startOffline({
    port: 0,
    s3Port: 0,
    dataDir,
    quiet: true,
    config: defineConfig(CONFIG_INPUT),
    clock: () => now,
  });
  try {
    for (const [i, sent] of SENT.entries()) {
      now = new Date(`${sent.day}T12:00:${String(i).padStart(2, '0')}.000Z`);
      const response = await fetch(`${offline.url}/track`, {
        method: 'POST',
        body: JSON.stringify({
          ...ORIGINAL_BODY,
          bucket: sent.bucket,
          eventType: sent.eventType,
          userAgent: sent.userAgent,
          sessionId: `s-${i}`,
        }),
      });
      expect(response.status).toBe(200);
      eventIds.push(((await response.json()) as { eventId: string }).eventId);
    }
  } finally {
    await offline.stop();
  }
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Saves the query into a .sql file and runs `npm run query -- --file <it> --format json`. */
async function runFile(name: string, sql: string): Promise<Record<string, unknown>[]> {
  const file = join(dir, `${name}.sql`);
  await writeFile(file, sql);
  const result = await runQueryProcess([
    '--file',
    file,
    '--format',
    'json',
    '--config',
    configFile,
    '--data-dir',
    dataDir,
  ]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>[];
}

const app1PageViews = SENT.filter(
  (sent) => sent.bucket === 'app1-analytics-prod' && sent.eventType === 'page_view',
);
const count = <T>(items: readonly T[], key: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

describe("the original README's queries, unchanged, through npm run query -- --file", () => {
  it('daily page views', async () => {
    const expected = [...count(app1PageViews, (sent) => sent.day)]
      .sort(([a], [b]) => b.localeCompare(a))
      .map(([day, views]) => {
        const [year, month, dd] = day.split('-');
        return { year, month, day: dd, views };
      });
    expect(await runFile('daily-page-views', ORIGINAL_QUERIES.dailyPageViews)).toEqual(expected);
  });

  it('device breakdown', async () => {
    const expected = [...count(app1PageViews, (sent) => sent.userAgent)].map(([userAgent, n]) => [
      BROWSER[userAgent]?.device_type,
      BROWSER[userAgent]?.browser,
      n,
    ]);
    const rows = await runFile('device-breakdown', ORIGINAL_QUERIES.deviceBreakdown);
    const byValues = (a: unknown[], b: unknown[]) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    expect(rows.map((row) => Object.values(row)).sort(byValues)).toEqual(expected.sort(byValues));
    expect(Object.keys(rows[0] ?? {})).toEqual(['device_type', 'browser', 'count']);
  });

  it('query all apps (the multi-tenant setup)', async () => {
    const views = (bucket: string) =>
      SENT.filter((sent) => sent.bucket === bucket && sent.eventType === 'page_view').length;
    expect(await runFile('all-apps', ORIGINAL_QUERIES.allApps)).toEqual([
      { app: 'Website', views: views('website-analytics') },
      { app: 'Mobile', views: views('mobile-app-analytics') },
      { app: 'API', views: views('api-analytics') },
    ]);
  });

  it('SELECT * … LIMIT 100 (the programmatic-access example)', async () => {
    const rows = await runFile('select-all', ORIGINAL_QUERIES.selectAll);
    const app1 = SENT.flatMap((sent, i) => (sent.bucket === 'app1-analytics-prod' ? [i] : []));
    expect(rows).toHaveLength(app1.length);
    expect(rows.map((row) => row.eventid).sort()).toEqual(app1.map((i) => eventIds[i]).sort());
    // The fields of the original's data schema, under Athena's lower-case column names.
    for (const row of rows) {
      expect(row).toMatchObject({
        eventtype: expect.any(String),
        timestamp: ORIGINAL_BODY.timestamp,
        page: ORIGINAL_BODY.page,
        viewport: ORIGINAL_BODY.viewport,
        referrer: ORIGINAL_BODY.referrer,
        fromwebsite: ORIGINAL_BODY.fromWebsite,
        year: '2025',
        month: '12',
      });
    }
  });
});
