import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedEvents } from '@analytics-tracker/local';
import { createLocalEngine, rowObjects } from '@analytics-tracker/query';
import type { TrackerConfig } from '@analytics-tracker/schema';
import { TEST_VISITORS, type TestVisitor } from '@analytics-tracker/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import baseConfig from '../../../tracker.config.js';
import {
  type DashboardData,
  type DashboardQueries,
  type DashboardServer,
  localBackend,
  startDashboard,
} from '../src/index.js';
import { firstInstantOf, localTime } from './ground-truth-answers.js';
import { loadQueries } from './query-layer.js';

// Every expectation below is computed here from what was sent, with Intl.DateTimeFormat reading the
// instants on the zone's clocks and a brute-force scan finding a day's first instant
// (ground-truth-answers.ts): a second implementation of the zone arithmetic, not the dashboard's.
// Facts from the tz database: in 2025 New York changes to EDT on 9 March at 02:00 EST (07:00 UTC)
// and back to EST on 2 November at 02:00 EDT (06:00 UTC).
const NY = 'America/New_York';
const { A, B, C } = TEST_VISITORS;

interface Sent {
  visitor: TestVisitor;
  /** Server clock when it arrives. */
  serverAt: string;
  /** The client's timestamp (the server's when left out). */
  clientAt?: string;
  page: string;
  sessionId: string;
}

// Around both changes: the minutes either side of each local midnight, and the hours the clocks skip
// (none can exist) or repeat (01:30 happens twice on 2 November).
const AROUND_DST: Sent[] = [
  { visitor: B, serverAt: '2025-03-09T02:00:00.000Z', page: '/', sessionId: 'm0' }, // 8 Mar 21:00 EST
  { visitor: A, serverAt: '2025-03-09T04:59:00.000Z', page: '/', sessionId: 'm1' }, // 8 Mar 23:59 EST
  { visitor: A, serverAt: '2025-03-09T05:00:00.000Z', page: '/', sessionId: 'm2' }, // 9 Mar 00:00 EST
  { visitor: B, serverAt: '2025-03-09T06:30:00.000Z', page: '/a', sessionId: 'm3' }, // 01:30 EST
  { visitor: C, serverAt: '2025-03-09T07:00:00.000Z', page: '/b', sessionId: 'm4' }, // 03:00 EDT
  { visitor: C, serverAt: '2025-03-09T07:30:00.000Z', page: '/b', sessionId: 'm4' }, // 03:30 EDT
  { visitor: B, serverAt: '2025-03-10T03:59:00.000Z', page: '/c', sessionId: 'm5' }, // 9 Mar 23:59 EDT
  { visitor: A, serverAt: '2025-03-10T04:00:00.000Z', page: '/', sessionId: 'm6' }, // 10 Mar 00:00 EDT
  { visitor: A, serverAt: '2025-11-02T03:59:00.000Z', page: '/', sessionId: 'n1' }, // 1 Nov 23:59 EDT
  { visitor: A, serverAt: '2025-11-02T04:00:00.000Z', page: '/', sessionId: 'n2' }, // 2 Nov 00:00 EDT
  { visitor: B, serverAt: '2025-11-02T05:30:00.000Z', page: '/a', sessionId: 'n3' }, // 01:30 EDT
  { visitor: C, serverAt: '2025-11-02T06:30:00.000Z', page: '/b', sessionId: 'n4' }, // 01:30 EST
  { visitor: C, serverAt: '2025-11-02T06:45:00.000Z', page: '/b', sessionId: 'n4' }, // 01:45 EST
  { visitor: B, serverAt: '2025-11-03T04:59:00.000Z', page: '/c', sessionId: 'n5' }, // 2 Nov 23:59 EST
  { visitor: A, serverAt: '2025-11-03T05:00:00.000Z', page: '/', sessionId: 'n6' }, // 3 Nov 00:00 EST
];

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const counted = (event: Sent) => Date.parse(event.clientAt ?? event.serverAt);

const onClocks = localTime;

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
// A visitor is a daily hash of address and browser: the same person on two server (UTC) days is two.
const visitorOf = (event: Sent) =>
  `${event.visitor.ip}|${event.visitor.userAgent}|${event.serverAt.slice(0, 10)}`;

/** The hours of a local day with their page views and visitors, as the chart should draw them. */
function expectedHours(events: readonly Sent[], day: string, timeZone: string) {
  const start = firstInstantOf(day, timeZone);
  const end = firstInstantOf(nextDay(day), timeZone);
  const hours = [];
  for (let at = start; at < end; at += HOUR_MS) hours.push(at);
  const labels = hours.map((at) => onClocks(at, timeZone).hhmm);
  return hours.map((at, i) => {
    const inHour = events.filter((event) => counted(event) >= at && counted(event) < at + HOUR_MS);
    const label =
      labels.filter((other) => other === labels[i]).length > 1 ? onClocks(at, timeZone).named : labels[i];
    return { label, pageViews: inHour.length, visitors: new Set(inHour.map(visitorOf)).size, start: at };
  });
}

function expectedDays(events: readonly Sent[], from: string, to: string, timeZone: string) {
  const days: string[] = [];
  for (let day = from; day <= to; day = nextDay(day)) days.push(day);
  return days.map((day) => {
    const onDay = events.filter((event) => onClocks(counted(event), timeZone).day === day);
    return { day, page_views: onDay.length, visitors: new Set(onDay.map(visitorOf)).size };
  });
}

/** Sends each event on its own, with the server's clock at its `serverAt`, as its visitor. */
async function send(dataDir: string, config: TrackerConfig, events: readonly Sent[]): Promise<void> {
  await seedEvents(
    dataDir,
    config,
    events.map((event) => ({
      bucket: 'app1-analytics-prod',
      visitor: event.visitor,
      at: new Date(event.serverAt),
      single: true,
      events: [
        {
          eventType: 'page_view',
          timestamp: event.clientAt ?? event.serverAt,
          page: event.page,
          sessionId: event.sessionId,
        },
      ],
    })),
  );
}

// app1 shows New York time; the other apps have no zone.
const config: TrackerConfig = {
  ...baseConfig,
  apps: baseConfig.apps.map((app) => (app.name === 'app1' ? { ...app, timeZone: NY } : app)),
};
const AFTER_ALL = new Date('2025-12-01T12:00:00.000Z');

let dataDir: string;
let queries: DashboardQueries;
const dashboards: DashboardServer[] = [];

async function dashboardAt(clock: Date, withConfig: TrackerConfig = config, dir = dataDir) {
  const dashboard = await startDashboard({
    config: withConfig,
    backend: localBackend({ dataDir: dir, config: withConfig }),
    queries,
    port: 0,
    clock: () => clock,
  });
  dashboards.push(dashboard);
  return dashboard;
}

async function api(dashboard: DashboardServer, query: string): Promise<DashboardData> {
  const response = await fetch(`${dashboard.url}/api/dashboard?${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as DashboardData;
}

/** The chart's points as the page draws them: each hover area's tooltip. */
async function chart(dashboard: DashboardServer, query: string) {
  const page = await (await fetch(`${dashboard.url}/report?${query}`)).text();
  const tips = [...page.matchAll(/<rect class="hover"[^>]*?(data-future)?><title>([^<]*)<\/title>/g)];
  return tips.map(([, future, tip = '']) => {
    const drawn = /^(.*): (\d+) page views, (\d+) visitors/.exec(tip);
    return drawn
      ? {
          label: drawn[1] ?? '',
          pageViews: Number(drawn[2]),
          visitors: Number(drawn[3]),
          future: Boolean(future),
        }
      : { label: tip.replace(/: not yet$/, ''), future: Boolean(future) };
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'dashboard-tz-'));
  await send(dataDir, config, AROUND_DST);
  queries = await loadQueries();
}, 60_000);

afterAll(async () => {
  for (const dashboard of dashboards) await dashboard.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("figures in the app's time zone, across daylight-saving changes", () => {
  it.each([
    ['2025-03-09', 23],
    ['2025-11-02', 25],
  ])('%s in New York has %i hours, each with the page views sent in it', async (day, length) => {
    const dashboard = await dashboardAt(AFTER_ALL);
    const expected = expectedHours(AROUND_DST, day, NY);
    expect(expected).toHaveLength(length);
    const drawn = await chart(dashboard, `app=app1&range=custom&from=${day}&to=${day}`);
    expect(drawn).toEqual(
      expected.map(({ label, pageViews, visitors }) => ({ label, pageViews, visitors, future: false })),
    );
    // The headline counts the same local day; the previous period is the local day before.
    const data = await api(dashboard, `app=app1&range=custom&from=${day}&to=${day}`);
    expect(data.selection.timeZone).toBe(NY);
    expect(data.headline.current.rows[0]?.page_views).toBe(
      expected.reduce((sum, hour) => sum + hour.pageViews, 0),
    );
    const dayBefore = new Date(Date.parse(`${day}T00:00:00.000Z`) - DAY_MS).toISOString().slice(0, 10);
    expect(data.headline.previous.rows[0]?.page_views).toBe(
      AROUND_DST.filter((event) => onClocks(counted(event), NY).day === dayBefore).length,
    );
  });

  it('the repeated hour of 2 November stays two hours, told apart by their zone names', async () => {
    const drawn = await chart(
      await dashboardAt(AFTER_ALL),
      'app=app1&range=custom&from=2025-11-02&to=2025-11-02',
    );
    expect(drawn.filter((point) => point.label.startsWith('01:00')).map((point) => point.label)).toEqual([
      '01:00 EDT',
      '01:00 EST',
    ]);
  });

  it('the daily chart and its CSV have every local day of the range, days without events as 0', async () => {
    const dashboard = await dashboardAt(AFTER_ALL);
    const query = 'app=app1&range=custom&from=2025-11-01&to=2025-11-05';
    const expected = expectedDays(AROUND_DST, '2025-11-01', '2025-11-05', NY);
    expect(expected.filter((day) => day.page_views === 0).length).toBeGreaterThan(0);
    const data = await api(dashboard, query);
    expect(data.traffic.rows).toEqual(expected.filter((day) => day.page_views > 0));
    const csv = await (await fetch(`${dashboard.url}/export.csv?${query}&panel=traffic_by_day`)).text();
    expect(csv.trimEnd().split(/\r?\n/)).toEqual([
      'day,page_views,visitors',
      ...expected.map((day) => `${day.day},${day.page_views},${day.visitors}`),
    ]);
  });

  it('"Today" is the local day of now: its hours after now are not drawn', async () => {
    // 20:30 UTC on 9 March is 16:30 EDT, the same day in New York; 03:30 UTC on 10 March is still
    // the 9th there (23:30 EDT), while UTC is on the 10th.
    for (const now of ['2025-03-09T20:30:00.000Z', '2025-03-10T03:30:00.000Z']) {
      const dashboard = await dashboardAt(new Date(now));
      const data = await api(dashboard, 'app=app1&range=today');
      expect(data.selection.range).toEqual({
        from: onClocks(Date.parse(now), NY).day,
        to: '2025-03-09',
        days: 1,
      });
      const expected = expectedHours(AROUND_DST, '2025-03-09', NY);
      const drawn = await chart(dashboard, 'app=app1&range=today');
      expect(drawn.map((point) => point.future)).toEqual(
        expected.map((hour) => hour.start > Date.parse(now)),
      );
      // The CSV stops where the chart does: an hour still to come is unknown, not 0.
      const csv = await (
        await fetch(`${dashboard.url}/export.csv?app=app1&range=today&panel=traffic_by_hour`)
      ).text();
      const past = expected.filter((hour) => hour.start <= Date.parse(now));
      expect(csv.trimEnd().split(/\r?\n/)).toEqual([
        'hour,local_time,page_views,visitors',
        ...past.map((hour, i) => `${i},${hour.label},${hour.pageViews},${hour.visitors}`),
      ]);
    }
  });

  it("?tz= overrides the app's zone; all apps use UTC unless ?tz= says otherwise", async () => {
    const dashboard = await dashboardAt(AFTER_ALL);
    const utcDay = AROUND_DST.filter((event) => onClocks(counted(event), 'UTC').day === '2025-03-09').length;
    const nyDay = AROUND_DST.filter((event) => onClocks(counted(event), NY).day === '2025-03-09').length;
    expect(utcDay).not.toBe(nyDay);
    const day = 'range=custom&from=2025-03-09&to=2025-03-09';
    expect((await api(dashboard, `app=app1&${day}&tz=UTC`)).headline.current.rows[0]?.page_views).toBe(
      utcDay,
    );
    const all = await api(dashboard, `app=all&${day}`);
    expect(all.selection.timeZone).toBe('UTC');
    expect(all.headline.current.rows[0]?.page_views).toBe(utcDay);
    const allInNewYork = await api(dashboard, `app=all&${day}&tz=${encodeURIComponent(NY)}`);
    expect(allInNewYork.headline.current.rows[0]?.page_views).toBe(nyDay);
    // The zone stays in the page's links (filters, exports) and in its caption.
    const page = await (
      await fetch(`${dashboard.url}/report?app=all&${day}&tz=${encodeURIComponent(NY)}`)
    ).text();
    expect(page).toContain('tz=America%2FNew_York');
    expect(page).toContain('2025-03-09 (America/New_York)');
  });

  // Node's ICU lists the older canonical names (Asia/Calcutta, Europe/Kiev); today's IANA names must work too.
  it.each(['Asia/Kolkata', 'Europe/Kyiv', 'America/Argentina/Buenos_Aires'])(
    'accepts ?tz=%s, a current IANA name, and counts its local day',
    async (zone) => {
      const dashboard = await dashboardAt(AFTER_ALL);
      const day = '2025-03-09';
      const expected = AROUND_DST.filter((event) => onClocks(counted(event), zone).day === day).length;
      const figures = await api(
        dashboard,
        `app=app1&range=custom&from=${day}&to=${day}&tz=${encodeURIComponent(zone)}`,
      );
      expect(figures.selection.timeZone).toBe(zone);
      expect(figures.headline.current.rows[0]?.page_views).toBe(expected);
      const page = await (
        await fetch(`${dashboard.url}/report?app=app1&range=today&tz=${encodeURIComponent(zone)}`)
      ).text();
      expect(page).toContain(`<option value="${zone}" selected>`);
    },
  );

  it.each(['Mars/Olympus', "UTC' OR '1'='1", 'America/New_York;DROP'])(
    'refuses ?tz=%s (not on the IANA list), running no query',
    async (zone) => {
      const dashboard = await dashboardAt(AFTER_ALL);
      const response = await fetch(`${dashboard.url}/api/dashboard?app=app1&tz=${encodeURIComponent(zone)}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        message: expect.stringContaining('tz must be an IANA time zone'),
      });
    },
  );

  it("AT TIME ZONE reads an instant on the zone's clocks as Trino does", async () => {
    // Trino's documentation (Date and time functions, AT TIME ZONE):
    // SELECT timestamp '2012-10-31 01:00 UTC' AT TIME ZONE 'America/Los_Angeles'; -- 2012-10-30 18:00:00.000 America/Los_Angeles
    const engine = await createLocalEngine({ dataDir, config });
    try {
      const result = await engine.run(
        "SELECT date_format(from_iso8601_timestamp('2012-10-31T01:00:00Z') AT TIME ZONE 'America/Los_Angeles', '%Y-%m-%d %H:%i:%s') AS local",
      );
      expect(rowObjects(result)).toEqual([{ local: '2012-10-30 18:00:00' }]);
    } finally {
      await engine.close();
    }
  });
});

describe('partitions in another zone than the figures', () => {
  // Partitions by Kiritimati's days (UTC+14), figures by Pago Pago's (UTC-11): 25 hours apart.
  const K = 'Pacific/Kiritimati';
  const PAGO = 'Pacific/Pago_Pago';
  const partitioned: TrackerConfig = { ...baseConfig, partitionTimeZone: K };
  const events: Sent[] = [
    { visitor: A, serverAt: '2025-06-10T10:59:00.000Z', page: '/', sessionId: 'k1' }, // 9 Jun 23:59 in Pago Pago
    { visitor: A, serverAt: '2025-06-10T11:30:00.000Z', page: '/', sessionId: 'k2' }, // 10 Jun 00:30
    // A client clock almost a day behind (believed): it counts on 10 June 23:59, but arrives on
    // 12 June 10:58 UTC, which is 13 June in Kiritimati: the partition of 13 June holds it.
    {
      visitor: B,
      serverAt: '2025-06-12T10:58:00.000Z',
      clientAt: '2025-06-11T10:59:00.000Z',
      page: '/late',
      sessionId: 'k3',
    },
    { visitor: C, serverAt: '2025-06-11T11:00:00.000Z', page: '/', sessionId: 'k4' }, // 11 Jun 00:00
  ];
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashboard-partition-tz-'));
    await send(dir, partitioned, events);
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds the events of a local day in the partition days of the partition zone', async () => {
    const stored = (await readdir(dir, { recursive: true })).filter((path) => path.endsWith('.json'));
    expect(stored.some((path) => path.includes(join('year=2025', 'month=06', 'day=13')))).toBe(true);
    const dashboard = await dashboardAt(AFTER_ALL, partitioned, dir);
    const data = await api(
      dashboard,
      `app=app1&range=custom&from=2025-06-10&to=2025-06-10&tz=${encodeURIComponent(PAGO)}`,
    );
    const expected = events.filter((event) => onClocks(counted(event), PAGO).day === '2025-06-10');
    expect(expected.map((event) => event.sessionId)).toEqual(['k2', 'k3']);
    expect(data.headline.current.rows[0]?.page_views).toBe(expected.length);
    const pages = data.tables.find((table) => table.query === 'top_pages')?.rows.map((row) => row.page);
    expect(pages?.sort()).toEqual(['/', '/late']);
  });
});
