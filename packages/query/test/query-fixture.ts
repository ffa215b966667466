import { type SeedRequest, type SeedResult, seedEvents } from '@analytics-tracker/local';
import type { EventFields, TrackerConfig } from '@analytics-tracker/schema';
import { TEST_VISITORS, type TestVisitor } from '@analytics-tracker/testkit';

const { A, B, C, BOT } = TEST_VISITORS;

/** The UTC days the events are stored on: two days ago, yesterday, today (inside every query's window). */
export function testDays(now = new Date()): [string, string, string] {
  const day = (back: number) => new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10);
  return [day(2), day(1), day(0)];
}

/**
 * Sends the known event set through the real offline server (`seedEvents`): three days (the server's
 * clock is moved to each day, so partitions differ), singles and gzip batches, four devices,
 * referrers, UTM tags, a bot, a retried request, and one event that arrives twice (alone, then again
 * inside a batch).
 */
export async function sendKnownEvents(
  dataDir: string,
  config: TrackerConfig,
  days: [string, string, string],
): Promise<SeedResult> {
  const [d0, d1, d2] = days;
  const requests: SeedRequest[] = [];
  // The handler's clock (only the handler's: s3rver keeps the real one for request signing) is set
  // one second after the latest event of each request, so every request is stored on its own day.
  const at = (events: readonly EventFields[]) =>
    new Date(Math.max(...events.map((event) => new Date(event.timestamp).getTime())) + 1000);
  const single = (visitor: TestVisitor, event: EventFields, bucket = 'app1-analytics-prod') => {
    requests.push({ bucket, visitor, at: at([event]), events: [event], single: true });
  };
  const batch = (visitor: TestVisitor, events: EventFields[]) => {
    requests.push({ bucket: 'app1-analytics-prod', visitor, at: at(events), events });
  };
  // Two days ago (d0).
  single(A, {
    eventType: 'page_view',
    timestamp: `${d0}T09:00:00.000Z`,
    page: '/',
    sessionId: 's1',
    referrer: 'https://www.google.com/search?q=tracker',
    viewport: { width: 1920, height: 1080 },
  });
  single(A, {
    eventType: 'page_view',
    timestamp: `${d0}T09:01:00.000Z`,
    page: '/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=launch',
    sessionId: 's1',
  });
  single(A, {
    eventType: 'signup',
    timestamp: `${d0}T09:03:30.000Z`,
    page: '/signup',
    sessionId: 's1',
    metadata: { plan: 'pro', seats: 3 },
  });
  single(BOT, { eventType: 'page_view', timestamp: `${d0}T09:30:00.000Z`, page: '/' });

  // Yesterday (d1).
  batch(B, [
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
  single(A, {
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
  single(C, docs);
  single(C, docs); // the client's retry: same eventId, same key, no second row

  // Today (d2): the event of d1 again in a batch, a bot, and app2.
  batch(C, [
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
  single(BOT, { eventType: 'page_view', timestamp: `${d2}T07:00:00.000Z`, page: '/pricing' });
  single(
    A,
    { eventType: 'page_view', timestamp: `${d2}T07:00:00.000Z`, page: '/' },
    'app2-analytics-staging',
  );
  single(A, { eventType: 'click', timestamp: `${d2}T07:00:01.000Z`, page: '/' }, 'app2-analytics-staging');
  return seedEvents(dataDir, config, requests);
}
