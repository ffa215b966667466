import { randomBytes } from 'node:crypto';
import type { EventFields } from '@analytics-tracker/schema';

/** The bucket every reliability test writes to (allowed in each test's config). */
export const TEST_BUCKET = 'app1-analytics-prod';

/**
 * A valid event with a client `eventId`, so a test can follow it from request to stored row.
 *
 * @example
 * const event = testEvent('load', 42); // { eventId: 'load-…-42', eventType: 'page_view', … }
 */
export function testEvent(run: string, index: number): EventFields & { eventId: string } {
  return {
    eventId: `${run}-${randomBytes(4).toString('hex')}-${index}`,
    eventType: index % 3 === 0 ? 'signup' : 'page_view',
    timestamp: new Date().toISOString(),
    page: `/articles/${index % 50}?utm_source=reliability`,
    sessionId: `s-${index % 97}`,
    userAgent:
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    metadata: { index, plan: index % 2 === 0 ? 'free' : 'pro' },
  };
}
