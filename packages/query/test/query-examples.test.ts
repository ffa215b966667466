import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import { createLocalEngine, type QueryEngine, rowObjects, splitSql } from '../src/index.js';
import { sendKnownEvents, testDays } from './query-fixture.js';

const examples = splitSql(
  await readFile(new URL('../../../sql/example-queries.sql', import.meta.url), 'utf8'),
);
const days = testDays();
const [d0, d1, d2] = days.map((day) => {
  const [year = '', month = '', dayOfMonth = ''] = day.split('-');
  return { year, month, day: dayOfMonth };
}) as [Partition, Partition, Partition];
interface Partition {
  year: string;
  month: string;
  day: string;
}

let dataDir: string;
let engine: QueryEngine;

async function run(name: string) {
  const statement = examples.find((candidate) => candidate.name === name);
  if (!statement) throw new Error(`no query ${name}`);
  return rowObjects(await engine.run(statement.sql));
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'query-examples-'));
  await sendKnownEvents(dataDir, config, days);
  engine = await createLocalEngine({ dataDir, config });
}, 60_000);

afterAll(async () => {
  await engine?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('example queries over events sent through the offline server', () => {
  it('every statement of sql/example-queries.sql has a name, and the names are unique', () => {
    const names = examples.map((statement) => statement.name);
    expect(names.every(Boolean)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it('every query filters on the partition columns, bounded on both sides (never open towards the future)', () => {
    for (const statement of examples)
      expect(statement.sql, statement.name).toMatch(
        /concat\(year, '-', month, '-', day\) BETWEEN date_format\(current_date - INTERVAL '\d+' DAY, '%Y-%m-%d'\) AND date_format\(current_date, '%Y-%m-%d'\)/,
      );
  });

  it('every query reads a reading view (each eventId once), never a raw table', () => {
    for (const statement of examples) {
      expect(statement.sql, statement.name).toMatch(/FROM analytics_db\.app\d_events_dedup\b/);
      expect(statement.sql, statement.name).not.toMatch(/analytics_db\.app\d_events\b/);
    }
  });

  // The /docs event of session s4 is stored twice (alone on d1, again in a batch on d2): the view
  // keeps the d1 copy, so every figure below counts it once, on d1.
  // The two Googlebot views (d0 and d2) are left out, as in every other figure: d2 has none left.
  it('daily_page_views: human page views per stored day, newest first', async () => {
    expect(await run('daily_page_views')).toEqual([
      { ...d1, views: 5 },
      { ...d0, views: 2 },
    ]);
  });

  it('device_breakdown', async () => {
    expect(await run('device_breakdown')).toEqual([
      { device_type: 'desktop', browser: 'Chrome', count: 3 },
      { device_type: 'mobile', browser: 'Mobile Safari', count: 3 },
      { device_type: 'desktop', browser: 'Firefox', count: 1 },
    ]);
  });

  it('page_views_all_apps: one row per app table, without the bot', async () => {
    expect(await run('page_views_all_apps')).toEqual([
      { app: 'app1', views: 7 },
      { app: 'app2', views: 1 },
    ]);
  });

  it('unique_visitors_per_day', async () => {
    expect(await run('unique_visitors_per_day')).toEqual([
      { ...d1, visitors: 3, page_views: 5 },
      { ...d0, visitors: 1, page_views: 2 },
    ]);
  });

  it('top_pages groups by path, without query strings', async () => {
    expect(await run('top_pages')).toEqual([
      { path: '/', views: 2, visitors: 2 },
      { path: '/blog/hello', views: 2, visitors: 2 },
      { path: '/pricing', views: 2, visitors: 2 },
      { path: '/docs', views: 1, visitors: 1 },
    ]);
  });

  it('top_referrer_domains', async () => {
    expect(await run('top_referrer_domains')).toEqual([
      { referrer_domain: 'google.com', views: 2 },
      { referrer_domain: 'news.ycombinator.com', views: 1 },
      { referrer_domain: 't.co', views: 1 },
    ]);
  });

  it('utm_campaigns', async () => {
    expect(await run('utm_campaigns')).toEqual([
      { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'launch', views: 1, visitors: 1 },
      { utm_source: 'twitter', utm_medium: null, utm_campaign: 'spring', views: 1, visitors: 1 },
    ]);
  });

  it('countries, from the CloudFront viewer headers', async () => {
    expect(await run('countries')).toEqual([
      { country: 'DE', views: 3 },
      { country: 'FR', views: 3 },
      { country: 'unknown', views: 1 },
    ]);
  });

  it('browsers_and_os', async () => {
    expect(await run('browsers_and_os')).toEqual([
      { browser: 'Chrome', os: 'Windows', views: 3 },
      { browser: 'Mobile Safari', os: 'iOS', views: 3 },
      { browser: 'Firefox', os: 'Linux', views: 1 },
    ]);
  });

  it('bot_share per day', async () => {
    expect(await run('bot_share')).toEqual([
      { ...d2, events: 3, bot_events: 1, bot_percent: 33.3 },
      { ...d1, events: 5, bot_events: 0, bot_percent: 0 },
      { ...d0, events: 4, bot_events: 1, bot_percent: 25 },
    ]);
  });

  it('events_by_type', async () => {
    expect(await run('events_by_type')).toEqual([
      { event_type: 'page_view', events: 7, sessions: 4 },
      { event_type: 'signup', events: 2, sessions: 2 },
      { event_type: 'click', events: 1, sessions: 1 },
    ]);
  });

  it('signup_funnel: two sessions saw /pricing, one signed up afterwards', async () => {
    expect(await run('signup_funnel')).toEqual([
      { viewed_pricing: 2, then_signed_up: 1, conversion_percent: 50 },
    ]);
  });

  it('sessions with their active time (gaps up to 30 minutes), newest first', async () => {
    expect(await run('sessions')).toEqual([
      {
        session_id: 's2',
        started_at: `${days[1]} 18:00:00`,
        duration_seconds: 300,
        events: 3,
        page_views: 3,
        entry_page: '/',
      },
      {
        session_id: 's4',
        started_at: `${days[1]} 12:00:00`,
        // d1 12:00 → d2 06:59:00 is a gap of almost 19 hours, counted as 30 minutes; then 30 s.
        duration_seconds: 30 * 60 + 30,
        events: 3,
        page_views: 1,
        entry_page: '/docs',
      },
      {
        session_id: 's3',
        started_at: `${days[1]} 08:00:00`,
        duration_seconds: 0,
        events: 1,
        page_views: 1,
        entry_page: '/blog/hello',
      },
      {
        session_id: 's1',
        started_at: `${days[0]} 09:00:00`,
        duration_seconds: 210,
        events: 3,
        page_views: 2,
        entry_page: '/',
      },
    ]);
  });

  it('signups_by_plan reads a metadata key with json_extract_scalar', async () => {
    expect(await run('signups_by_plan')).toEqual([
      { plan: 'free', signups: 1 },
      { plan: 'pro', signups: 1 },
    ]);
  });

  it('the reading view keeps each eventId once, the first stored copy; the table keeps both', async () => {
    const duplicate =
      "SELECT day, page FROM analytics_db.{table} WHERE eventId = 'retry-0001-aaaa' ORDER BY year, month, day";
    expect(rowObjects(await engine.run(duplicate.replace('{table}', 'app1_events')))).toEqual([
      { day: d1.day, page: '/docs' },
      { day: d2.day, page: '/docs' },
    ]);
    expect(rowObjects(await engine.run(duplicate.replace('{table}', 'app1_events_dedup')))).toEqual([
      { day: d1.day, page: '/docs' },
    ]);
  });
});
