import { type OfflineServer, startOffline } from '@analytics-tracker/local';
import type { EventFields, TrackerConfig } from '@analytics-tracker/schema';

/** "Now" of every test: the dashboard's today is 2025-03-15 (UTC). */
export const NOW = new Date('2025-03-15T12:00:00.000Z');

/** Real user agents, parsed by the real handler. */
const UA = {
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

/** A running offline tracker whose clock the test sets before each event. */
export interface TestTracker {
  server: OfflineServer;
  /** Sends one event at `at` (server clock and client timestamp) as `visitor`. */
  send(visitor: Visitor, at: string, event: Omit<EventFields, 'timestamp'>, bucket?: string): Promise<void>;
}

/**
 * Starts the real offline server with a settable clock, so events land in the partitions of the
 * days the test chooses.
 *
 * @example
 * const tracker = await startTestTracker(dataDir, config);
 */
export async function startTestTracker(dataDir: string, config: TrackerConfig): Promise<TestTracker> {
  let now = NOW;
  // Behind CloudFront (played by the offline server), so each visitor's viewer address is believed.
  const behindCloudFront = { ...config, cloudfront: { ...config.cloudfront, enabled: true } };
  const server = await startOffline({
    port: 0,
    s3Port: 0,
    dataDir,
    config: behindCloudFront,
    quiet: true,
    clock: () => now,
  });
  return {
    server,
    async send(visitor, at, event, bucket = 'app1-analytics-prod') {
      now = new Date(at);
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
        body: JSON.stringify({ bucket, timestamp: at, ...event }),
      });
      if (response.status !== 200)
        throw new Error(`POST /track → ${response.status} ${await response.text()}`);
    },
  };
}

export { A, B, BOT, C };

/**
 * The known traffic, over four days and two apps:
 * - 2025-03-15 (today), app1: A views / then /pricing (newsletter/launch) and clicks, 3 minutes in all;
 *   B lands on / from Google and leaves (a bounce); Googlebot fetches /.
 * - 2025-03-15, app2: A views /home twice, in a session also named s1 (another app's session).
 * - 2025-03-14: A reads /blog from Hacker News, then /; C reads /docs.
 * - 2025-03-12: B views /pricing.  2025-03-05 (outside 7 days, inside 30): C views /.
 */
export async function sendKnownEvents(tracker: TestTracker): Promise<void> {
  const { send } = tracker;
  await send(A, '2025-03-15T09:00:00.000Z', { eventType: 'page_view', page: '/', sessionId: 's1' });
  await send(A, '2025-03-15T09:02:00.000Z', {
    eventType: 'page_view',
    page: '/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=launch',
    sessionId: 's1',
  });
  await send(A, '2025-03-15T09:03:00.000Z', { eventType: 'click', page: '/pricing', sessionId: 's1' });
  await send(B, '2025-03-15T10:00:00.000Z', {
    eventType: 'page_view',
    page: '/',
    sessionId: 's2',
    referrer: 'https://www.google.com/search?q=tracker',
  });
  await send(BOT, '2025-03-15T10:30:00.000Z', { eventType: 'page_view', page: '/' });
  await send(
    A,
    '2025-03-15T11:00:00.000Z',
    { eventType: 'page_view', page: '/home', sessionId: 's1' },
    'app2-analytics-staging',
  );
  await send(
    A,
    '2025-03-15T11:01:00.000Z',
    { eventType: 'page_view', page: '/home', sessionId: 's1' },
    'app2-analytics-staging',
  );
  await send(A, '2025-03-14T08:00:00.000Z', {
    eventType: 'page_view',
    page: '/blog',
    sessionId: 's3',
    referrer: 'https://news.ycombinator.com/',
  });
  await send(A, '2025-03-14T08:05:00.000Z', { eventType: 'page_view', page: '/', sessionId: 's3' });
  await send(C, '2025-03-14T15:00:00.000Z', { eventType: 'page_view', page: '/docs', sessionId: 's4' });
  await send(B, '2025-03-12T20:00:00.000Z', { eventType: 'page_view', page: '/pricing', sessionId: 's5' });
  await send(C, '2025-03-05T07:00:00.000Z', { eventType: 'page_view', page: '/', sessionId: 's6' });
}
