import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OfflineServer, startOffline } from '@analytics-tracker/local';
import type { EventFields, TrackerConfig } from '@analytics-tracker/schema';
import { TEST_VISITORS, type TestVisitor, visitorHeaders } from '@analytics-tracker/testkit';

/** "Now" of every test: the dashboard's today is 2025-03-15 (UTC). */
export const NOW = new Date('2025-03-15T12:00:00.000Z');

type Visitor = TestVisitor;
const { A, B, C, BOT } = TEST_VISITORS;

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
        headers: { 'content-type': 'application/json', ...visitorHeaders(visitor) },
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

/**
 * A new temporary data folder (`prefix` + random) holding the known traffic, stored through the real
 * offline server, which is stopped again. Returns the folder.
 *
 * @example
 * dataDir = await knownEventsFolder('dashboard-local-', config);
 */
export async function knownEventsFolder(prefix: string, config: TrackerConfig): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const tracker = await startTestTracker(dataDir, config);
  try {
    await sendKnownEvents(tracker);
  } finally {
    await tracker.server.stop();
  }
  return dataDir;
}
