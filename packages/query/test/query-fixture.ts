import { type OfflineServer, startOffline } from '@analytics-tracker/local';
import type { EventFields, TrackerConfig } from '@analytics-tracker/schema';

/** User agents of the test visitors (real strings, parsed by the real handler). */
export const UA = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
} as const;

/** A visitor: CloudFront viewer headers (trusted by the offline server) and a user agent. */
interface Visitor {
  ip: string;
  country?: string;
  userAgent: string;
}

const A: Visitor = { ip: '203.0.113.10', country: 'DE', userAgent: UA.chromeWindows };
const B: Visitor = { ip: '198.51.100.7', country: 'FR', userAgent: UA.safariIphone };
const C: Visitor = { ip: '192.0.2.44', userAgent: UA.firefoxLinux };
const BOT: Visitor = { ip: '66.249.66.1', country: 'US', userAgent: UA.googlebot };

/** The UTC days the events are stored on: two days ago, yesterday, today (inside every query's window). */
export function testDays(now = new Date()): [string, string, string] {
  const day = (back: number) => new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10);
  return [day(2), day(1), day(0)];
}

async function post(server: OfflineServer, visitor: Visitor, body: unknown): Promise<{ key: string }> {
  const response = await fetch(`${server.url}/track`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      // Browser traffic: the tracker reads a visitor's user agent from browsers' requests only.
      origin: 'https://app1.example.com',
      'user-agent': visitor.userAgent,
      'cloudfront-viewer-address': `${visitor.ip}:443`,
      ...(visitor.country ? { 'cloudfront-viewer-country': visitor.country } : {}),
    },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { key: string };
  if (response.status !== 200) throw new Error(`POST /track → ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * Sends the known event set through the real offline server: three days (the server's clock is
 * moved to each day, so partitions differ), singles and gzip batches, four devices, referrers, UTM tags,
 * a bot, a retried request, and one event that arrives twice (alone, then again inside a batch).
 */
export async function sendKnownEvents(
  dataDir: string,
  config: TrackerConfig,
  days: [string, string, string],
): Promise<string[]> {
  const [d0, d1, d2] = days;
  // The handler's clock (only the handler's: s3rver keeps the real one for request signing) is set
  // one second after the latest event of each request, so every request is stored on its own day.
  let now = new Date();
  const server = await startOffline({
    port: 0,
    s3Port: 0,
    dataDir,
    quiet: true,
    // Behind CloudFront (played by the offline server), so each visitor's viewer address is believed.
    config: { ...config, cloudfront: { ...config.cloudfront, enabled: true } },
    clock: () => now,
  });
  const keys: string[] = [];
  const sentAt = (events: readonly EventFields[]) => {
    const latest = Math.max(...events.map((event) => new Date(event.timestamp).getTime()));
    now = new Date(latest + 1000);
  };
  const single = async (visitor: Visitor, event: EventFields, bucket = 'app1-analytics-prod') => {
    sentAt([event]);
    keys.push((await post(server, visitor, { bucket, ...event })).key);
  };
  const batch = async (visitor: Visitor, events: EventFields[]) => {
    sentAt(events);
    keys.push((await post(server, visitor, { bucket: 'app1-analytics-prod', events })).key);
  };
  try {
    // Two days ago (d0).
    await single(A, {
      eventType: 'page_view',
      timestamp: `${d0}T09:00:00.000Z`,
      page: '/',
      sessionId: 's1',
      referrer: 'https://www.google.com/search?q=tracker',
      viewport: { width: 1920, height: 1080 },
    });
    await single(A, {
      eventType: 'page_view',
      timestamp: `${d0}T09:01:00.000Z`,
      page: '/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=launch',
      sessionId: 's1',
    });
    await single(A, {
      eventType: 'signup',
      timestamp: `${d0}T09:03:30.000Z`,
      page: '/signup',
      sessionId: 's1',
      metadata: { plan: 'pro', seats: 3 },
    });
    await single(BOT, { eventType: 'page_view', timestamp: `${d0}T09:30:00.000Z`, page: '/' });

    // Yesterday (d1).
    await batch(B, [
      {
        eventType: 'page_view',
        timestamp: `${d1}T18:00:00.000Z`,
        page: '/',
        sessionId: 's2',
        referrer: 'https://news.ycombinator.com/',
      },
      { eventType: 'page_view', timestamp: `${d1}T18:02:00.000Z`, page: '/pricing', sessionId: 's2' },
      {
        eventType: 'page_view',
        timestamp: `${d1}T18:05:00.000Z`,
        page: '/blog/hello?utm_source=twitter&utm_campaign=spring',
        sessionId: 's2',
        referrer: 'https://t.co/abc',
      },
    ]);
    await single(A, {
      eventType: 'page_view',
      timestamp: `${d1}T08:00:00.000Z`,
      page: '/blog/hello',
      sessionId: 's3',
      referrer: 'https://www.google.com/',
    });
    const docs: EventFields = {
      eventId: 'retry-0001-aaaa',
      eventType: 'page_view',
      timestamp: `${d1}T12:00:00.000Z`,
      page: '/docs',
      sessionId: 's4',
    };
    await single(C, docs);
    await single(C, docs); // the client's retry: same eventId, same key, no second row

    // Today (d2): the event of d1 again in a batch, a bot, and app2.
    await batch(C, [
      docs, // the same event again, now inside a batch: a real duplicate, removed by the dedup view
      { eventType: 'click', timestamp: `${d2}T06:59:00.000Z`, page: '/docs', sessionId: 's4' },
      {
        eventType: 'signup',
        timestamp: `${d2}T06:59:30.000Z`,
        page: '/signup',
        sessionId: 's4',
        metadata: { plan: 'free' },
      },
    ]);
    await single(BOT, { eventType: 'page_view', timestamp: `${d2}T07:00:00.000Z`, page: '/pricing' });
    await single(
      A,
      { eventType: 'page_view', timestamp: `${d2}T07:00:00.000Z`, page: '/' },
      'app2-analytics-staging',
    );
    await single(
      A,
      { eventType: 'click', timestamp: `${d2}T07:00:01.000Z`, page: '/' },
      'app2-analytics-staging',
    );
  } finally {
    await server.stop();
  }
  return keys;
}
