import { type OfflineServer, startOffline } from '@analytics-tracker/local';
import type { EventFields, TrackerConfig } from '@analytics-tracker/schema';
import { TEST_USER_AGENTS, TEST_VISITORS } from '@analytics-tracker/testkit';

/**
 * The ground truth: a known mix of requests sent through the real offline server under an injected
 * clock, and, computed from what was sent alone (never from what was stored or queried), the rows
 * every named query should return. The rules the model applies are the documented ones:
 * - a stored event is identified by its app and `eventId`; the first copy stored wins, later
 *   copies (retries after midnight, an event sent alone then in a batch, another content under a
 *   reused id) change nothing;
 * - an event without `eventId` is identified by its content, sender and server day, so an
 *   identical request the same day stores nothing new;
 * - invalid events are not stored;
 * - a client timestamp counts only within a day behind and an hour ahead of the server's time,
 *   else the server's time counts; session length adds the gaps between events, each up to 30 min;
 * - a session is an app and a sessionId; a visitor is an app, IP, browser user agent and day;
 * - bots (Googlebot here) are left out of every figure but the bot ones.
 */

/** A visitor: address, user agent, CloudFront country, and what the user agent parses to (ua-parser-js docs). */
export interface Visitor {
  ip: string;
  country: string | null;
  userAgent: string;
  device: { type: string; browser: string | null; os: string | null; bot: boolean };
}

// The shared test visitors (testkit), with what their user agents parse to (ua-parser-js docs);
// D is a second Chrome-on-Windows visitor from another address.
const { A, B, C, BOT } = TEST_VISITORS;
const V = {
  A: { ...A, device: { type: 'desktop', browser: 'Chrome', os: 'Windows', bot: false } },
  B: { ...B, device: { type: 'mobile', browser: 'Mobile Safari', os: 'iOS', bot: false } },
  C: { ...C, country: null, device: { type: 'desktop', browser: 'Firefox', os: 'Linux', bot: false } },
  D: {
    ip: '203.0.113.77',
    country: 'US',
    userAgent: TEST_USER_AGENTS.chromeWindows,
    device: { type: 'desktop', browser: 'Chrome', os: 'Windows', bot: false },
  },
  BOT: { ...BOT, device: { type: 'desktop', browser: null, os: null, bot: true } },
} satisfies Record<string, Visitor>;

const BUCKETS = { app1: 'app1-analytics-prod', app2: 'app2-analytics-staging' } as const;
type App = keyof typeof BUCKETS;

/** One event as the model remembers it once stored. */
export interface TruthEvent {
  app: App;
  identity: string;
  eventType: string;
  page: string | null;
  sessionId: string | null;
  referrer: string | null;
  metadata: Record<string, unknown> | null;
  visitor: Visitor;
  clientTime: string;
  serverTime: string;
}

/** What the model knows after sending: the first stored copy of each event, in sending order. */
export interface Truth {
  events: TruthEvent[];
  days: [string, string, string];
}

interface Request {
  app: App;
  visitor: Visitor;
  serverAt: string;
  events: EventFields[];
  /** How the request travels: REST single, REST batch, tRPC `track`; `curl` sends no Origin. */
  via: 'single' | 'batch' | 'trpc' | 'curl';
}

const isValid = (event: EventFields): boolean =>
  typeof event.eventType === 'string' && event.eventType.length > 0 && typeof event.timestamp === 'string';

function remember(truth: Map<string, TruthEvent>, request: Request): void {
  const day = request.serverAt.slice(0, 10);
  for (const event of request.events.filter(isValid)) {
    const { eventId, bucket: _, ...content } = event as EventFields & { bucket?: string };
    const identity = eventId
      ? `${request.app}|${eventId}`
      : `${request.app}|${JSON.stringify(content)}|${request.visitor.ip}|${request.visitor.userAgent}|${day}`;
    if (truth.has(identity)) continue; // a later copy: the first stored wins
    truth.set(identity, {
      app: request.app,
      identity,
      eventType: event.eventType,
      page: event.page ?? null,
      sessionId: event.sessionId ?? null,
      referrer: event.referrer ?? null,
      metadata: (event.metadata as Record<string, unknown> | undefined) ?? null,
      visitor: request.visitor,
      // Epoch milliseconds (allowed on the wire) as the ISO text the JS spec writes for them.
      clientTime:
        typeof event.timestamp === 'string' ? event.timestamp : new Date(event.timestamp).toISOString(),
      serverTime: request.serverAt,
    });
  }
}

/** The requests of the ground truth over three UTC days (d0 two days ago, d1 yesterday, d2 today). */
function requests([d0, d1, d2]: [string, string, string]): Request[] {
  const midnightBatch: EventFields[] = [
    {
      eventId: 'midnight-0001',
      eventType: 'page_view',
      timestamp: `${d0}T23:59:40.000Z`,
      page: '/blog',
      sessionId: 's5',
    },
    { eventType: 'page_view', page: '/no-timestamp', sessionId: 's5' } as EventFields,
    {
      eventId: 'midnight-0002',
      eventType: 'click',
      timestamp: `${d0}T23:59:45.000Z`,
      page: '/blog',
      sessionId: 's5',
    },
  ];
  const pricing: EventFields = {
    eventType: 'page_view',
    timestamp: `${d0}T09:01:00.000Z`,
    page: '/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=launch',
    sessionId: 's1',
  };
  const signup: EventFields = {
    eventId: 'visit-a-0003',
    eventType: 'signup',
    timestamp: `${d0}T09:03:30.000Z`,
    page: '/signup',
    sessionId: 's1',
    metadata: { plan: 'pro' },
  };
  const docs: EventFields = {
    eventId: 'docs-0001',
    eventType: 'page_view',
    timestamp: `${d1}T11:59:00.000Z`,
    page: '/docs',
    sessionId: 's4',
  };
  return [
    // d0: a visit with a retried id-less page view and a retried signup; a bot; a batch just
    // before midnight (with one invalid event) retried just after it.
    {
      app: 'app1',
      visitor: V.A,
      serverAt: `${d0}T09:00:01.000Z`,
      via: 'single',
      events: [
        {
          eventId: 'visit-a-0001',
          eventType: 'page_view',
          timestamp: `${d0}T09:00:00.000Z`,
          page: '/',
          sessionId: 's1',
          referrer: 'https://www.google.com/search?q=tracker',
        },
      ],
    },
    { app: 'app1', visitor: V.A, serverAt: `${d0}T09:01:01.000Z`, via: 'single', events: [pricing] },
    { app: 'app1', visitor: V.A, serverAt: `${d0}T09:01:09.000Z`, via: 'single', events: [pricing] },
    { app: 'app1', visitor: V.A, serverAt: `${d0}T09:03:31.000Z`, via: 'single', events: [signup] },
    { app: 'app1', visitor: V.A, serverAt: `${d0}T09:03:40.000Z`, via: 'single', events: [signup] },
    {
      app: 'app1',
      visitor: V.BOT,
      serverAt: `${d0}T09:30:01.000Z`,
      via: 'single',
      events: [{ eventType: 'page_view', timestamp: `${d0}T09:30:00.000Z`, page: '/' }],
    },
    { app: 'app1', visitor: V.C, serverAt: `${d0}T23:59:50.000Z`, via: 'batch', events: midnightBatch },
    { app: 'app1', visitor: V.C, serverAt: `${d1}T00:00:10.000Z`, via: 'batch', events: midnightBatch },
    // d1: a batch with an invalid event; an order id reused by a curl "refund" with other content;
    // the same session with two wild clocks (years 9999 and 0000).
    {
      app: 'app1',
      visitor: V.B,
      serverAt: `${d1}T18:05:01.000Z`,
      via: 'batch',
      events: [
        {
          eventType: 'page_view',
          timestamp: `${d1}T18:00:00.000Z`,
          page: '/',
          sessionId: 's2',
          referrer: 'https://news.ycombinator.com/',
        },
        { eventType: 'page_view', timestamp: `${d1}T18:02:00.000Z`, page: '/pricing', sessionId: 's2' },
        { eventType: '', timestamp: `${d1}T18:03:00.000Z`, page: '/empty-type', sessionId: 's2' },
        {
          eventType: 'page_view',
          timestamp: `${d1}T18:05:00.000Z`,
          page: '/blog/hello?utm_source=twitter&utm_campaign=spring',
          sessionId: 's2',
          referrer: 'https://t.co/abc',
        },
      ],
    },
    { app: 'app1', visitor: V.C, serverAt: `${d1}T11:59:01.000Z`, via: 'single', events: [docs] },
    {
      app: 'app1',
      visitor: V.C,
      serverAt: `${d1}T12:00:01.000Z`,
      via: 'single',
      events: [
        {
          eventId: 'order-1001',
          eventType: 'purchase',
          timestamp: `${d1}T12:00:00.000Z`,
          page: '/checkout',
          sessionId: 's4',
          metadata: { amount: 49 },
        },
      ],
    },
    {
      app: 'app1',
      visitor: V.C,
      serverAt: `${d1}T12:05:00.000Z`,
      via: 'curl',
      events: [
        {
          eventId: 'order-1001',
          eventType: 'refund',
          timestamp: '2000-01-01T00:00:00.000Z',
          page: '/checkout',
          sessionId: 's4',
          metadata: { amount: -1000000 },
        },
      ],
    },
    {
      app: 'app1',
      visitor: V.C,
      serverAt: `${d1}T12:10:00.000Z`,
      via: 'single',
      events: [
        { eventType: 'page_view', timestamp: '9999-12-31T23:59:59.000Z', page: '/docs/2', sessionId: 's4' },
      ],
    },
    {
      app: 'app1',
      visitor: V.C,
      serverAt: `${d1}T12:11:00.000Z`,
      via: 'single',
      events: [
        { eventType: 'click', timestamp: '0000-01-01T00:00:00.000Z', page: '/docs/2', sessionId: 's4' },
      ],
    },
    // d2: tRPC; a session entering on a page with a query string; the docs event again inside a
    // batch; a bot; app2 with a session also named s1.
    {
      app: 'app1',
      visitor: V.D,
      serverAt: `${d2}T10:00:01.000Z`,
      via: 'batch',
      events: [
        {
          eventType: 'page_view',
          timestamp: `${d2}T10:00:00.000Z`,
          page: '/pricing?ref=ad',
          sessionId: 's8',
        },
        { eventType: 'page_view', timestamp: `${d2}T10:00:30.000Z`, page: '/docs', sessionId: 's8' },
      ],
    },
    {
      app: 'app1',
      visitor: V.A,
      serverAt: `${d2}T08:00:01.000Z`,
      via: 'trpc',
      events: [
        {
          eventId: 'trpc-0001',
          eventType: 'page_view',
          timestamp: `${d2}T08:00:00.000Z`,
          page: '/tr',
          sessionId: 's6',
        },
      ],
    },
    {
      app: 'app1',
      visitor: V.C,
      serverAt: `${d2}T06:59:31.000Z`,
      via: 'batch',
      events: [
        docs,
        { eventType: 'click', timestamp: `${d2}T06:59:00.000Z`, page: '/docs', sessionId: 's7' },
        {
          eventType: 'signup',
          timestamp: `${d2}T06:59:30.000Z`,
          page: '/signup',
          sessionId: 's7',
          metadata: { plan: 'free' },
        },
      ],
    },
    {
      app: 'app1',
      visitor: V.BOT,
      serverAt: `${d2}T07:00:01.000Z`,
      via: 'single',
      events: [{ eventType: 'page_view', timestamp: `${d2}T07:00:00.000Z`, page: '/pricing' }],
    },
    {
      app: 'app2',
      visitor: V.A,
      serverAt: `${d2}T07:00:01.000Z`,
      via: 'single',
      events: [{ eventType: 'page_view', timestamp: `${d2}T07:00:00.000Z`, page: '/', sessionId: 's1' }],
    },
    {
      app: 'app2',
      visitor: V.D,
      serverAt: `${d2}T07:06:01.000Z`,
      via: 'batch',
      events: [
        { eventType: 'page_view', timestamp: `${d2}T07:05:00.000Z`, page: '/home', sessionId: 's9' },
        { eventType: 'click', timestamp: `${d2}T07:06:00.000Z`, page: '/home', sessionId: 's9' },
      ],
    },
  ];
}

async function send(server: OfflineServer, request: Request): Promise<void> {
  const bucket = BUCKETS[request.app];
  const [first] = request.events;
  const body = request.via === 'batch' ? { bucket, events: request.events } : { bucket, ...(first ?? {}) };
  const path = request.via === 'trpc' ? '/trpc/track' : '/track';
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': request.via === 'curl' ? 'curl/8.5.0' : request.visitor.userAgent,
      // Browsers send Origin; curl does not.
      ...(request.via === 'curl' ? {} : { origin: 'https://app.example.com' }),
      'cloudfront-viewer-address': `${request.visitor.ip}:443`,
      ...(request.visitor.country ? { 'cloudfront-viewer-country': request.visitor.country } : {}),
    },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`${path} → ${response.status} ${await response.text()}`);
}

/**
 * Sends the mix through the real offline server (its handler's clock set to each request's time)
 * and returns what the model says was stored.
 *
 * @example
 * const truth = await sendGroundTruth(dataDir, config, days);
 */
export async function sendGroundTruth(
  dataDir: string,
  config: TrackerConfig,
  days: [string, string, string],
): Promise<Truth> {
  let now = new Date();
  // Behind CloudFront (played by the offline server), so each visitor's viewer address is believed.
  const behindCloudFront = { ...config, cloudfront: { ...config.cloudfront, enabled: true } };
  const server = await startOffline({
    port: 0,
    s3Port: 0,
    dataDir,
    quiet: true,
    config: behindCloudFront,
    clock: () => now,
  });
  const stored = new Map<string, TruthEvent>();
  try {
    for (const request of requests(days)) {
      now = new Date(request.serverAt);
      await send(server, request);
      remember(stored, request);
    }
  } finally {
    await server.stop();
  }
  return { events: [...stored.values()], days };
}
