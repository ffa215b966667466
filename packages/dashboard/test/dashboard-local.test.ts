import { rm } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createLocalEngine, runQueryCli } from '@analytics-tracker/query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import {
  type DashboardData,
  type DashboardQueries,
  type DashboardServer,
  localBackend,
  PortInUseError,
  startDashboard,
} from '../src/index.js';
import { knownEventsFolder, NOW } from './known-events.js';
import { loadQueries, queryLayer } from './query-layer.js';

let dataDir: string;
let queries: DashboardQueries;
let dashboard: DashboardServer;

beforeAll(async () => {
  dataDir = await knownEventsFolder('dashboard-local-', config);
  queries = await loadQueries();
  dashboard = await startDashboard({
    config,
    backend: localBackend({ dataDir, config }),
    queries,
    port: 0,
    clock: () => NOW,
  });
}, 60_000);

afterAll(async () => {
  await dashboard?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function api(query: string): Promise<DashboardData> {
  const response = await fetch(`${dashboard.url}/api/dashboard?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as DashboardData;
}

describe('the dashboard over events sent through the offline server', () => {
  it('headline of app1 today: what the events say, and what the query layer returns', async () => {
    const data = await api('app=app1&range=today');
    // A: 2 page views + a click over 3 minutes; B: one page view (a bounce); the bot is not counted.
    expect(data.headline.current.rows).toEqual([
      { page_views: 3, visitors: 2, sessions: 2, bounce_rate: 50, avg_session_seconds: 90 },
    ]);
    expect(data.headline.current.rows).toEqual(
      await queryLayer({ dataDir, config, queries }, 'headline', 'app1', { preset: 'today' }),
    );
    // The previous period of "today" is yesterday: A's two pages and C's one.
    expect(data.headline.previous.rows[0]).toMatchObject({ page_views: 3, visitors: 2, sessions: 2 });
    expect(data.selection.previous).toEqual({ from: '2025-03-14', to: '2025-03-14', days: 1 });
  });

  it('tables: top pages, referrers, UTM, countries, devices, event types, and bots apart', async () => {
    const data = await api('app=app1&range=today');
    const table = (name: string) => data.tables.find((result) => result.query === name)?.rows;
    expect(table('top_pages')).toEqual([
      { page: '/', views: 2, visitors: 2 },
      { page: '/pricing', views: 1, visitors: 1 },
    ]);
    // A's two page views came without a referrer (typed address, then a click inside the site).
    expect(table('referrer_domains')).toEqual([
      { referrer: 'Direct / None', views: 2, visitors: 1 },
      { referrer: 'google.com', views: 1, visitors: 1 },
    ]);
    // A: / then /pricing in s1; B: / alone in s2.
    expect(table('entry_pages')).toEqual([{ page: '/', entries: 2, visitors: 2 }]);
    expect(table('exit_pages')).toEqual([
      { page: '/', exits: 1, visitors: 1 },
      { page: '/pricing', exits: 1, visitors: 1 },
    ]);
    // The click is A's: one of the two visitors (A, B) of the day converted.
    expect(table('goals')).toEqual([{ goal: 'click', conversions: 1, events: 1, conversion_rate: 50 }]);
    expect(table('utm_sources')).toEqual([{ source: 'newsletter', views: 1, visitors: 1 }]);
    expect(table('utm_campaigns')).toEqual([{ campaign: 'launch', views: 1, visitors: 1 }]);
    expect(table('countries')).toEqual([
      { country: 'DE', views: 2, visitors: 1 },
      { country: 'FR', views: 1, visitors: 1 },
    ]);
    expect(table('devices')).toEqual([
      { device: 'desktop', views: 2, visitors: 1 },
      { device: 'mobile', views: 1, visitors: 1 },
    ]);
    expect(table('event_types')).toEqual([
      { event_type: 'page_view', events: 3, sessions: 2 },
      { event_type: 'click', events: 1, sessions: 1 },
    ]);
    expect(table('bots')).toEqual([{ bot: 'Googlebot', events: 1, pages: 1 }]);
  });

  it('traffic: by hour for one day, by day (every day, zeros included) for longer ranges', async () => {
    expect((await api('app=app1&range=today')).traffic).toMatchObject({
      query: 'traffic_by_hour',
      rows: [
        // Hours since the day's start (UTC: app1 has no time zone here), by event time.
        { hour: 9, local_time: '09:00', page_views: 2, visitors: 1 },
        { hour: 10, local_time: '10:00', page_views: 1, visitors: 1 },
      ],
    });
    const week = await api('app=app1&range=7d');
    expect(week.traffic).toMatchObject({
      query: 'traffic_by_day',
      rows: [
        { day: '2025-03-12', page_views: 1, visitors: 1 },
        { day: '2025-03-14', page_views: 3, visitors: 2 },
        { day: '2025-03-15', page_views: 3, visitors: 2 },
      ],
    });
    const page = await (await fetch(`${dashboard.url}/panels?app=app1&range=7d`)).text();
    for (const day of ['Mar 9', 'Mar 15']) expect(page).toContain(`>${day}</span>`);
  });

  it('all apps: a UNION ALL over every configured app, and the ranges widen the figures', async () => {
    const all = await api('app=all&range=today');
    // app1's s1 and s2, and app2's s1: a session is an app and a session id.
    expect(all.headline.current.rows[0]).toMatchObject({ page_views: 5, sessions: 3 });
    expect(all.headline.current.sql).toContain('UNION ALL');
    expect(all.headline.current.sql).toContain('analytics_db.app2_events');
    expect((await api('app=all&range=7d')).headline.current.rows[0]).toMatchObject({ page_views: 9 });
    expect((await api('app=all&range=30d')).headline.current.rows[0]).toMatchObject({ page_views: 10 });
    const custom = await api('app=app1&range=custom&from=2025-03-05&to=2025-03-12');
    expect(custom.headline.current.rows[0]).toMatchObject({ page_views: 2, visitors: 2 });
    expect(custom.headline.current.rows).toEqual(
      await queryLayer({ dataDir, config, queries }, 'headline', 'app1', {
        from: '2025-03-05',
        to: '2025-03-12',
      }),
    );
  }, 30_000);

  // 7 days to 15 March (UTC): the partitions of 8-16 March (a day wider on each side), then the instants.
  it('the SQL shown is the SQL that ran: partition-filtered, with the named query’s comment', async () => {
    const data = await api('app=app1&range=7d');
    const sql = data.tables[0]?.sql ?? '';
    expect(sql.startsWith('-- name: top_pages')).toBe(true);
    expect(sql).toContain("year IN ('2025') AND month IN ('03')");
    expect(sql).toContain("BETWEEN '2025-03-08' AND '2025-03-16'");
    expect(sql).toContain(`>= from_iso8601_timestamp('2025-03-09T00:00:00.000Z')`);
    const page = await (await fetch(`${dashboard.url}/panels?app=app1&range=7d`)).text();
    expect(page).toContain('<summary>Show SQL</summary>');
    expect(page).toContain('BETWEEN &#39;2025-03-08&#39; AND &#39;2025-03-16&#39;');
  });

  it('an app with no events in the range shows the empty state', async () => {
    const page = await (
      await fetch(`${dashboard.url}/panels?app=app2&range=custom&from=2025-01-01&to=2025-01-02`)
    ).text();
    expect(page).toContain('No events in this range yet');
    expect(page).toContain('npm run offline');
  });

  it.each([
    ['app=app1%27%20OR%201%3D1', 'Unknown app "app1\' OR 1=1"'],
    ['range=yesterday', 'range must be one of today, 7d, 30d, custom'],
    ['range=custom&from=2025-03-01', 'A custom range needs both from and to'],
    ["range=custom&from=2025-03-01'--&to=2025-03-02", 'from must be a date written YYYY-MM-DD'],
    ['range=custom&from=2024-01-01&to=2025-03-01', 'A range can span at most 366 days'],
  ])('rejects %s with a 400 that says why, and runs no SQL', async (query, message) => {
    const response = await fetch(`${dashboard.url}/api/dashboard?${query}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain(message);
    const panels = await fetch(`${dashboard.url}/panels?${query}`);
    expect(panels.status).toBe(400);
    expect(await panels.text()).toContain('These settings cannot be shown');
  });

  it('renders the first view on the server: the figures are in the page, no spinner', async () => {
    const page = await (await fetch(`${dashboard.url}/?app=app1&range=today`)).text();
    expect(page).toContain('data-metric="page_views" data-value="3"');
    expect(page).not.toContain('data-pending');
    expect(page).not.toContain('class="spinner"');
  });

  it('a clicked value filters every figure, shows as a removable chip, and lives in the address', async () => {
    const panels = await (await fetch(`${dashboard.url}/panels?app=app1&range=today`)).text();
    const link = '/?app=app1&amp;range=today&amp;page=%2Fpricing';
    expect(panels).toContain(`href="${link}"`);
    const page = await (await fetch(`${dashboard.url}${link.replaceAll('&amp;', '&')}`)).text();
    // Only A's view of /pricing (with its UTM tags) is left.
    expect(page).toContain('data-metric="page_views" data-value="1"');
    expect(page).toContain('data-metric="visitors" data-value="1"');
    expect(page).toContain('Page is /pricing');
    expect(page).toContain('href="/?app=app1&amp;range=today" title="Remove this filter"');
    // The selectors carry the filter, so a new range keeps it.
    expect(page).toContain('<input type="hidden" name="page" value="/pricing">');
    const data = await api('app=app1&range=today&referrer=Direct%20%2F%20None');
    expect(data.headline.current.rows[0]).toMatchObject({ page_views: 2, visitors: 1 });
    const twoFilters = await api('app=all&range=7d&country=FR&browser=Mobile%20Safari');
    // B: / from Google today, /pricing on the 12th.
    expect(twoFilters.tables.find((t) => t.query === 'top_pages')?.rows).toEqual([
      { page: '/', views: 1, visitors: 1 },
      { page: '/pricing', views: 1, visitors: 1 },
    ]);
  });

  it('a filter value is a literal, never SQL', async () => {
    const data = await api(`app=app1&range=today&page=${encodeURIComponent("/' OR '1'='1")}`);
    expect(data.headline.current.rows[0]).toMatchObject({ page_views: 0, visitors: 0 });
    expect(data.headline.current.sql).toContain("split_part(page, '?', 1) = '/'' OR ''1''=''1'");
    const bad = await fetch(`${dashboard.url}/api/dashboard?app=app1&page=a%0Ab`);
    expect(bad.status).toBe(400);
  });

  it('exports any panel as CSV, with the page’s filters', async () => {
    const response = await fetch(`${dashboard.url}/export.csv?app=app1&range=today&panel=top_pages`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="top_pages-2025-03-15-2025-03-15.csv"',
    );
    expect(await response.text()).toBe('page,views,visitors\r\n/,2,2\r\n/pricing,1,1\r\n');
    const filtered = await fetch(`${dashboard.url}/export.csv?app=app1&range=today&panel=countries&page=%2F`);
    expect(await filtered.text()).toBe('country,views,visitors\r\nDE,1,1\r\nFR,1,1\r\n');
    // The headline too: A and B viewed 3 pages in 2 sessions, one a bounce; A's session lasted 3 minutes.
    const headline = await fetch(`${dashboard.url}/export.csv?app=app1&range=today&panel=headline`);
    expect(await headline.text()).toBe(
      'page_views,visitors,sessions,bounce_rate,avg_session_seconds\r\n3,2,2,50,90\r\n',
    );
    const unknown = await fetch(`${dashboard.url}/export.csv?app=app1&panel=nope`);
    expect(unknown.status).toBe(400);
    const panels = await (await fetch(`${dashboard.url}/panels?app=app1&range=today`)).text();
    for (const panel of ['headline', 'traffic_by_hour', 'goals'])
      expect(panels).toContain(
        `href="/export.csv?app=app1&amp;range=today&amp;panel=${panel}" download>CSV</a>`,
      );
  });

  it('the "Today" chart stops at now: later hours are not drawn as zero', async () => {
    // NOW is 12:00 UTC: hours 00-12 have happened, 13-23 have not.
    const panels = await (await fetch(`${dashboard.url}/panels?app=app1&range=today`)).text();
    expect(panels.match(/data-future/g)).toHaveLength(11);
    const views = /<polyline class="line views" points="([^"]*)"/.exec(panels)?.[1] ?? '';
    expect(views.split(' ')).toHaveLength(13);
    expect(panels).toContain('13:00: not yet');
  });

  it('draws the previous period on the chart', async () => {
    const week = await api('app=app1&range=7d');
    // The 7 days before 03-09..03-15: C's view of / on 03-05.
    expect(week.previousTraffic).toMatchObject({
      query: 'traffic_by_day',
      rows: [{ day: '2025-03-05', page_views: 1, visitors: 1 }],
    });
    const panels = await (await fetch(`${dashboard.url}/panels?app=app1&range=7d`)).text();
    expect(panels).toContain('<polyline class="line previous"');
  });

  it('counts the visitors of the last 5 minutes', async () => {
    // At 11:03, A's app2 views of 11:00 and 11:01 are within 5 minutes; app1's last event was at 10:30.
    const at = await startDashboard({
      config,
      backend: localBackend({ dataDir, config }),
      queries,
      port: 0,
      clock: () => new Date('2025-03-15T11:03:00.000Z'),
    });
    try {
      const response = await fetch(`${at.url}/api/dashboard?app=all&range=7d`);
      const data = (await response.json()) as DashboardData;
      expect(data.currentVisitors.rows).toEqual([{ visitors: 1 }]);
      const app1 = (await (await fetch(`${at.url}/api/dashboard?app=app1&range=7d`)).json()) as DashboardData;
      expect(app1.currentVisitors.rows).toEqual([{ visitors: 0 }]);
      const page = await (await fetch(`${at.url}/?app=all&range=7d`)).text();
      expect(page).toContain('<strong>1</strong> visitor in the last 5 minutes');
    } finally {
      await at.stop();
    }
  });

  it('serves its own assets and nothing that points off the machine', async () => {
    const page = await (await fetch(`${dashboard.url}/?app=app1`)).text();
    const response = await fetch(`${dashboard.url}/assets/dashboard.css`);
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const js = await (await fetch(`${dashboard.url}/assets/dashboard.js`)).text();
    for (const text of [page, await response.text(), js]) expect(text).not.toMatch(/(src|href)="?https?:/);
    expect((await fetch(`${dashboard.url}/`)).headers.get('content-security-policy')).toContain(
      "default-src 'none'",
    );
    expect((await fetch(`${dashboard.url}/nope`)).status).toBe(404);
    expect((await fetch(`${dashboard.url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('listens on 127.0.0.1 only, and answers only to its localhost names', async () => {
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const port = new URL(dashboard.url).port;
    const local = await fetch(`http://localhost:${port}/`).catch(() => undefined);
    // localhost may resolve to ::1 first, where nothing listens; 127.0.0.1 always answers.
    if (local) expect([200]).toContain(local.status);
    // fetch cannot set Host; a DNS-rebinding page's request carries the attacker's name in it.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(
        `${dashboard.url}/api/dashboard`,
        { headers: { host: `attacker.example:${port}` } },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      )
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });

  it('a port in use gives a clear message', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const error = await startDashboard({
        config,
        backend: localBackend({ dataDir, config }),
        queries,
        port,
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PortInUseError);
      expect((error as Error).message).toBe(
        `Port ${port} is already in use (another dashboard?): stop that process or set DASHBOARD_PORT to another port.`,
      );
    } finally {
      blocker.close();
    }
  });
});

describe('the dashboard and npm run query share the local cache', () => {
  it('a query run while the dashboard is up gets the cache (given back after a load) and answers as the files do', async () => {
    await api('app=all&range=7d');
    const sql = 'SELECT page, count(*) AS n FROM analytics_db.app1_events_dedup GROUP BY page ORDER BY page';
    const out: string[] = [];
    const err: string[] = [];
    const code = await runQueryCli(['--data-dir', dataDir, '--format', 'json', sql], {
      cwd: fileURLToPath(new URL('../../../', import.meta.url)),
      env: {},
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
    });
    expect(code, err.join('')).toBe(0);
    // It waited for the dashboard to give the cache back rather than reading the files itself.
    expect(err.join('')).not.toContain('busy');
    const fresh = await createLocalEngine({ dataDir, config });
    try {
      const files = (await fresh.run(sql)).rows.map(([page, n]) => ({ page, n }));
      expect(JSON.parse(out.join(''))).toEqual(files);
    } finally {
      await fresh.close();
    }
    // And the dashboard takes it back for its next load.
    expect((await api('app=app1&range=today')).headline.current.rows.length).toBe(1);
  }, 60_000);
});
