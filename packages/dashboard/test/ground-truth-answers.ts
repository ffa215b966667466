import type { Truth, TruthEvent } from './ground-truth.js';

/** One expected result row, as the query engine returns it. */
export type Row = Record<string, string | number | null>;

const DAY_BEHIND_MS = 86_400_000;
const HOUR_AHEAD_MS = 3_600_000;
const GAP_CAP_SECONDS = 1800;

/** The time an event counts at: its client time within the documented window, else the server's. */
export function countedTime(event: TruthEvent): number {
  const client = Date.parse(event.clientTime);
  const server = Date.parse(event.serverTime);
  return client >= server - DAY_BEHIND_MS && client <= server + HOUR_AHEAD_MS ? client : server;
}

const day = (event: TruthEvent) => event.serverTime.slice(0, 10);

// The zone arithmetic of the answers, written apart from the dashboard's: Intl.DateTimeFormat reads
// an instant on a zone's clocks; a day's first instant is found by a brute-force scan.
const HOUR_MS = 3_600_000;
/**
 * An instant on a zone's clocks: its local day, hour, `hh:mm`, and `hh:mm` with the zone's short
 * name (which tells the two 01:00 of a fall-back night apart).
 */
function wallClock(ms: number, timeZone: string): { day: string; hour: string; hhmm: string; named: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).formatToParts(new Date(ms));
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  const hhmm = `${part('hour')}:${part('minute')}`;
  return {
    day: `${part('year')}-${part('month')}-${part('day')}`,
    hour: part('hour'),
    hhmm,
    named: `${hhmm} ${part('timeZoneName')}`,
  };
}
/** The first instant of a local day: the earliest minute (scanning ±15 h around UTC midnight) on it. */
export function firstInstantOf(date: string, timeZone: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00.000Z`);
  for (let ms = utcMidnight - 15 * HOUR_MS; ms <= utcMidnight + 15 * HOUR_MS; ms += 60_000) {
    if (wallClock(ms, timeZone).day === date) return ms;
  }
  throw new Error(`no instant of ${date} in ${timeZone}`);
}
/** The local day (YYYY-MM-DD) and hour (HH) of an instant in a zone. */
export const localTime = wallClock;
const nextDate = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
const path = (event: TruthEvent) => (event.page ?? '').split('?')[0] ?? '';
const visitor = (event: TruthEvent) =>
  `${event.app}|${event.visitor.ip}|${event.visitor.userAgent}|${day(event)}`;
const session = (event: TruthEvent) => `${event.app}|${event.sessionId}`;
const param = (event: TruthEvent, name: string) =>
  new URL(event.page ?? '/', 'https://x.example').searchParams.get(name);
const referrerDomain = (event: TruthEvent) =>
  event.referrer ? new URL(event.referrer).hostname.replace(/^www\./, '') : null;
const isPageView = (event: TruthEvent) => event.eventType === 'page_view';
const human = (event: TruthEvent) => !event.visitor.device.bot;
const round1 = (value: number) => Math.round(value * 10) / 10;

/** Groups events by a key, keeping the first-seen order of keys. */
function groupBy<K>(events: readonly TruthEvent[], key: (event: TruthEvent) => K): Map<K, TruthEvent[]> {
  const groups = new Map<K, TruthEvent[]>();
  for (const event of events) groups.set(key(event), [...(groups.get(key(event)) ?? []), event]);
  return groups;
}

type Order = [column: string, direction: 'asc' | 'desc'];

/** Sorts rows the SQL way: numbers and strings by the given directions, NULLs last. */
function ordered(rows: Row[], order: Order[], limit = Number.POSITIVE_INFINITY): Row[] {
  const compare = (a: Row, b: Row): number => {
    for (const [column, direction] of order) {
      const x = a[column] ?? null;
      const y = b[column] ?? null;
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      const sign = direction === 'asc' ? 1 : -1;
      return (x < y ? -1 : 1) * sign;
    }
    return 0;
  };
  return rows.sort(compare).slice(0, limit);
}

const distinct = (values: readonly unknown[]) => new Set(values).size;

/** Views and visitors per value of `key`, as most panels count them. */
function viewsAndVisitors(
  events: readonly TruthEvent[],
  column: string,
  key: (event: TruthEvent) => string | null,
  limit: number,
): Row[] {
  const rows = [...groupBy(events, key)].map(([value, group]) => ({
    [column]: value,
    views: group.length,
    visitors: distinct(group.map(visitor)),
  }));
  return ordered(
    rows,
    [
      ['views', 'desc'],
      [column, 'asc'],
    ],
    limit,
  );
}

interface SessionFigures {
  key: string;
  sessionId: string;
  events: TruthEvent[];
  start: number;
  seconds: number;
}

/** Sessions of the events: active time adds the gaps between events, each up to 30 minutes. */
function sessions(events: readonly TruthEvent[]): SessionFigures[] {
  const withSession = events.filter((event) => event.sessionId !== null);
  return [...groupBy(withSession, session)].map(([key, group]) => {
    const times = group.map(countedTime).sort((a, b) => a - b);
    let seconds = 0;
    for (let i = 1; i < times.length; i++)
      seconds += Math.min(((times[i] ?? 0) - (times[i - 1] ?? 0)) / 1000, GAP_CAP_SECONDS);
    const sorted = [...group].sort((a, b) => countedTime(a) - countedTime(b));
    return { key, sessionId: group[0]?.sessionId ?? '', events: sorted, start: times[0] ?? 0, seconds };
  });
}

const partition = (date: string) => ({
  year: date.slice(0, 4),
  month: date.slice(5, 7),
  day: date.slice(8, 10),
});

/** The rows each named query of sql/example-queries.sql must return over the ground truth. */
export function exampleAnswers(truth: Truth): Record<string, Row[]> {
  const app1 = truth.events.filter((event) => event.app === 'app1');
  const views = app1.filter(isPageView);
  const humanViews = views.filter(human);
  const byDayDesc: Order[] = [
    ['year', 'desc'],
    ['month', 'desc'],
    ['day', 'desc'],
  ];
  const funnel = sessions(app1.filter(human)).map((s) => {
    const pricing = s.events.filter((e) => isPageView(e) && path(e) === '/pricing').map(countedTime);
    const signups = s.events.filter((e) => e.eventType === 'signup').map(countedTime);
    return {
      viewed: pricing.length ? Math.min(...pricing) : null,
      signed: signups.length ? Math.min(...signups) : null,
    };
  });
  const viewed = funnel.filter((f) => f.viewed !== null).length;
  const converted = funnel.filter(
    (f) => f.viewed !== null && f.signed !== null && f.signed >= f.viewed,
  ).length;
  return {
    daily_page_views: ordered(
      [...groupBy(humanViews, day)].map(([d, group]) => ({ ...partition(d), views: group.length })),
      byDayDesc,
    ),
    device_breakdown: ordered(
      [...groupBy(humanViews, (e) => `${e.visitor.device.type}|${e.visitor.device.browser}`)].map(
        ([, group]) => ({
          device_type: group[0]?.visitor.device.type ?? null,
          browser: group[0]?.visitor.device.browser ?? null,
          count: group.length,
        }),
      ),
      [
        ['count', 'desc'],
        ['device_type', 'asc'],
        ['browser', 'asc'],
      ],
    ),
    page_views_all_apps: (['app1', 'app2'] as const).map((app) => ({
      app,
      views: truth.events.filter((e) => e.app === app && isPageView(e) && human(e)).length,
    })),
    unique_visitors_per_day: ordered(
      [...groupBy(humanViews, day)].map(([d, group]) => ({
        ...partition(d),
        visitors: distinct(group.map(visitor)),
        page_views: group.length,
      })),
      byDayDesc,
    ),
    top_pages: viewsAndVisitors(humanViews, 'path', path, 20),
    top_referrer_domains: ordered(
      [
        ...groupBy(
          humanViews.filter((e) => referrerDomain(e) !== null),
          referrerDomain,
        ),
      ].map(([domain, group]) => ({
        referrer_domain: domain,
        views: group.length,
      })),
      [
        ['views', 'desc'],
        ['referrer_domain', 'asc'],
      ],
      20,
    ),
    utm_campaigns: ordered(
      [
        ...groupBy(
          humanViews.filter((e) => param(e, 'utm_source') !== null),
          (e) => `${param(e, 'utm_source')}|${param(e, 'utm_medium')}|${param(e, 'utm_campaign')}`,
        ),
      ].map(([, group]) => {
        const [first] = group as [TruthEvent];
        return {
          utm_source: param(first, 'utm_source'),
          utm_medium: param(first, 'utm_medium'),
          utm_campaign: param(first, 'utm_campaign'),
          views: group.length,
          visitors: distinct(group.map(visitor)),
        };
      }),
      [
        ['views', 'desc'],
        ['utm_source', 'asc'],
        ['utm_medium', 'asc'],
        ['utm_campaign', 'asc'],
      ],
    ),
    countries: ordered(
      [...groupBy(humanViews, (e) => e.visitor.country ?? 'unknown')].map(([country, group]) => ({
        country,
        views: group.length,
      })),
      [
        ['views', 'desc'],
        ['country', 'asc'],
      ],
    ),
    browsers_and_os: ordered(
      [
        ...groupBy(
          humanViews,
          (e) => `${e.visitor.device.browser ?? 'unknown'}|${e.visitor.device.os ?? 'unknown'}`,
        ),
      ].map(([key, group]) => {
        const [browser = '', os = ''] = key.split('|');
        return { browser, os, views: group.length };
      }),
      [
        ['views', 'desc'],
        ['browser', 'asc'],
        ['os', 'asc'],
      ],
    ),
    bot_share: ordered(
      [...groupBy(app1, day)].map(([d, group]) => {
        const bots = group.filter((e) => e.visitor.device.bot).length;
        return {
          ...partition(d),
          events: group.length,
          bot_events: bots,
          bot_percent: round1((100 * bots) / group.length),
        };
      }),
      byDayDesc,
    ),
    events_by_type: ordered(
      [...groupBy(app1.filter(human), (e) => e.eventType)].map(([type, group]) => ({
        event_type: type,
        events: group.length,
        sessions: distinct(group.filter((e) => e.sessionId !== null).map(session)),
      })),
      [
        ['events', 'desc'],
        ['event_type', 'asc'],
      ],
    ),
    signup_funnel: [
      {
        viewed_pricing: viewed,
        then_signed_up: converted,
        conversion_percent: viewed ? round1((100 * converted) / viewed) : null,
      },
    ],
    sessions: ordered(
      sessions(app1.filter(human)).map((s) => ({
        session_id: s.sessionId,
        started_at: new Date(s.start).toISOString().slice(0, 19).replace('T', ' '),
        duration_seconds: Math.round(s.seconds),
        events: s.events.length,
        page_views: s.events.filter(isPageView).length,
        // The path without the query string, as every pages panel writes it.
        entry_page: s.events[0] ? path(s.events[0]) : null,
      })),
      [
        ['started_at', 'desc'],
        ['session_id', 'asc'],
      ],
      100,
    ),
    signups_by_plan: ordered(
      [
        ...groupBy(
          app1.filter((e) => e.eventType === 'signup' && human(e)),
          (e) => String(e.metadata?.plan ?? null),
        ),
      ].map(([, group]) => ({
        plan: (group[0]?.metadata?.plan as string | undefined) ?? null,
        signups: group.length,
      })),
      [
        ['signups', 'desc'],
        ['plan', 'asc'],
      ],
    ),
  };
}

const BOT_NAME = /([a-z0-9._-]*(bot|crawl|spider|headless)[a-z0-9._-]*)/i;

/** The rows each panel of sql/dashboard-queries.sql must return over the ground truth, for some apps. */
/** A page filter as the model applies it: an event is kept when its value for the dimension equals the clicked one. */
export interface TruthFilter {
  param: 'page' | 'referrer' | 'country' | 'browser' | 'utm_source' | 'utm_campaign';
  value: string;
}

const DIRECT = 'Direct / None';

/** The value an event has for a filter dimension, from what was sent (the panels' labels). */
export function dimensionValue(event: TruthEvent, param: TruthFilter['param']): string | null {
  switch (param) {
    case 'page':
      return path(event);
    case 'referrer':
      return referrerDomain(event) ?? DIRECT;
    case 'country':
      return event.visitor.country ?? 'unknown';
    case 'browser':
      return event.visitor.device.browser ?? 'unknown';
    case 'utm_source':
      return param_(event, 'utm_source');
    case 'utm_campaign':
      return param_(event, 'utm_campaign');
  }
}
const param_ = (event: TruthEvent, name: string) => param(event, name);

/** First or last page view of each session: by counted time, then server time, then path. */
function edgePages(views: readonly TruthEvent[], column: 'entries' | 'exits'): Row[] {
  const bySession = groupBy(
    views.filter((e) => e.sessionId !== null),
    session,
  );
  const picked = [...bySession.values()].map((group) => {
    const sorted = [...group].sort(
      (a, b) =>
        countedTime(a) - countedTime(b) ||
        Date.parse(a.serverTime) - Date.parse(b.serverTime) ||
        (path(a) < path(b) ? -1 : path(a) > path(b) ? 1 : 0),
    );
    return (column === 'entries' ? sorted[0] : sorted[sorted.length - 1]) as TruthEvent;
  });
  return ordered(
    [...groupBy(picked, path)].map(([page, group]) => ({
      page,
      [column]: group.length,
      visitors: distinct(group.map(visitor)),
    })),
    [
      [column, 'desc'],
      ['page', 'asc'],
    ],
    10,
  );
}

/** Which local days the answers cover, and in which zone (UTC and every event by default). */
export interface TruthRange {
  from: string;
  to: string;
  timeZone: string;
}

/**
 * The rows each dashboard query must return for `apps` over the events of `range` (by counted time,
 * on the range zone's clocks; every event when left out), with `filters` applied, and `now` for the
 * last-5-minutes figure.
 */
export function dashboardAnswers(
  truth: Truth,
  apps: readonly string[],
  filters: readonly TruthFilter[] = [],
  now: Date = new Date(),
  range?: TruthRange,
): Record<string, Row[]> {
  const timeZone = range?.timeZone ?? 'UTC';
  const start = range ? firstInstantOf(range.from, timeZone) : Number.NEGATIVE_INFINITY;
  const end = range ? firstInstantOf(nextDate(range.to), timeZone) : Number.POSITIVE_INFINITY;
  // Hour 0 of the hourly chart: the range's first instant (the truth's first day when no range).
  const hourZero = range ? start : firstInstantOf(truth.days[0], 'UTC');
  const inRange = (event: TruthEvent) => countedTime(event) >= start && countedTime(event) < end;
  const selected = truth.events.filter(
    (event) =>
      apps.includes(event.app) &&
      filters.every((filter) => dimensionValue(event, filter.param) === filter.value),
  );
  const events = selected.filter(inRange);
  const humans = events.filter(human);
  const views = humans.filter(isPageView);
  const all = sessions(humans);
  // Like the SQL, rows whose value is NULL are left out before the LIMIT when `present` says so.
  const panel = (column: string, key: (event: TruthEvent) => string | null, present = false) =>
    viewsAndVisitors(present ? views.filter((e) => key(e) !== null) : views, column, key, 10);
  return {
    headline: [
      {
        page_views: views.length,
        visitors: distinct(views.map(visitor)),
        sessions: all.length,
        bounce_rate: all.length
          ? round1((100 * all.filter((s) => s.events.length === 1).length) / all.length)
          : null,
        avg_session_seconds: all.length
          ? Math.round(all.reduce((sum, s) => sum + s.seconds, 0) / all.length)
          : null,
      },
    ],
    traffic_by_hour: ordered(
      [...groupBy(views, (e) => Math.floor((countedTime(e) - hourZero) / HOUR_MS))].map(([hour, group]) => ({
        hour,
        local_time: `${localTime(countedTime(group[0] as TruthEvent), timeZone).hour}:00`,
        page_views: group.length,
        visitors: distinct(group.map(visitor)),
      })),
      [['hour', 'asc']],
    ),
    traffic_by_day: ordered(
      [...groupBy(views, (e) => localTime(countedTime(e), timeZone).day)].map(([d, group]) => ({
        day: d,
        page_views: group.length,
        visitors: distinct(group.map(visitor)),
      })),
      [['day', 'asc']],
    ),
    top_pages: panel('page', path),
    referrer_domains: panel('referrer', (e) => referrerDomain(e) ?? DIRECT),
    entry_pages: edgePages(views, 'entries'),
    exit_pages: edgePages(views, 'exits'),
    goals: ordered(
      [
        ...groupBy(
          humans.filter((e) => !isPageView(e)),
          (e) => e.eventType,
        ),
      ].map(([goal, group]) => ({
        goal,
        conversions: distinct(group.map(visitor)),
        events: group.length,
        // Of the headline's visitors (those with a page view) under the same filters.
        // No page viewers under the filters: no rate (the SQL's nullif), rather than a division by 0.
        conversion_rate:
          views.length > 0
            ? round1((100 * distinct(group.map(visitor))) / distinct(views.map(visitor)))
            : null,
      })),
      [
        ['conversions', 'desc'],
        ['goal', 'asc'],
      ],
      20,
    ),
    plans: ordered(
      [
        ...groupBy(
          humans.filter((e) => typeof e.metadata?.plan === 'string'),
          (e) => String(e.metadata?.plan),
        ),
      ].map(([plan, group]) => ({ plan, events: group.length, visitors: distinct(group.map(visitor)) })),
      [
        ['events', 'desc'],
        ['plan', 'asc'],
      ],
      10,
    ),
    current_visitors: [
      {
        visitors: distinct(
          selected
            .filter(human)
            .filter((e) => {
              const at = Date.parse(e.serverTime);
              return at > now.getTime() - 300_000 && at <= now.getTime();
            })
            .map(visitor),
        ),
      },
    ],
    utm_sources: panel('source', (e) => param(e, 'utm_source'), true),
    utm_campaigns: panel('campaign', (e) => param(e, 'utm_campaign'), true),
    countries: panel('country', (e) => e.visitor.country ?? 'unknown'),
    devices: panel('device', (e) => e.visitor.device.type),
    browsers: panel('browser', (e) => e.visitor.device.browser ?? 'unknown'),
    operating_systems: panel('os', (e) => e.visitor.device.os ?? 'unknown'),
    event_types: ordered(
      [...groupBy(humans, (e) => e.eventType)].map(([type, group]) => ({
        event_type: type,
        events: group.length,
        sessions: distinct(group.filter((e) => e.sessionId !== null).map(session)),
      })),
      [
        ['events', 'desc'],
        ['event_type', 'asc'],
      ],
      20,
    ),
    bots: ordered(
      [
        ...groupBy(
          events.filter((e) => e.visitor.device.bot),
          (e) => BOT_NAME.exec(e.visitor.userAgent)?.[1] || 'other bot',
        ),
      ].map(([bot, group]) => ({ bot, events: group.length, pages: distinct(group.map(path)) })),
      [
        ['events', 'desc'],
        ['bot', 'asc'],
      ],
      10,
    ),
  };
}
