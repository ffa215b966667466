import type { EventFields } from '@analytics-tracker/schema';
import { functionUrlEvent, type TestFunctionUrlEvent } from '@analytics-tracker/testkit';
import { addressOf, pageOf, referrerOf, userAgentOf } from './workload.js';

/** The bucket every bench writes to (allowed by tracker.config.ts). */
export const BENCH_BUCKET = 'app1-analytics-prod';

const optional = <K extends string>(key: K, value: string | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, string>>;

/**
 * A realistic page view or custom event as the browser client sends it: the seed's fields, UTM tags,
 * a referrer and small metadata, each drawn from a long-tailed mix (`workload.ts`); the user agent
 * comes from the request header, as in a browser.
 *
 * @example
 * benchEvent(0).eventType; // 'page_view'
 */
export function benchEvent(index: number): EventFields {
  return {
    eventType: index % 4 === 3 ? 'signup' : 'page_view',
    timestamp: new Date().toISOString(),
    page: pageOf(index),
    viewport: { width: 1920, height: 1080 },
    sessionId: `sess-${(index % 500).toString(36)}`,
    ...optional('referrer', referrerOf(index)),
    fromWebsite: 'LinkedIn',
    ...(index % 4 === 3 ? { metadata: { plan: 'pro', seats: 5 } } : {}),
  };
}

/**
 * The JSON body of one request: a single event (size 1) or a batch of `size` events.
 *
 * @example
 * JSON.parse(requestBody(0, 50)).events.length; // 50
 */
export function requestBody(first: number, size: number): string {
  if (size === 1) return JSON.stringify({ bucket: BENCH_BUCKET, ...benchEvent(first) });
  const events = Array.from({ length: size }, (_, offset) => benchEvent(first + offset));
  return JSON.stringify({ bucket: BENCH_BUCKET, events });
}

/**
 * A Function URL event (payload 2.0) as Lambda delivers a browser's `text/plain` POST: each request
 * number `index`, its user agent and address drawn from hundreds of each (`workload.ts`). Built by
 * the test kit's one builder.
 *
 * @example
 * await handler(browserEvent(requestBody(0, 1), 0));
 */
export function browserEvent(body: string, index: number): TestFunctionUrlEvent {
  return functionUrlEvent(body, {
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      origin: 'https://app1.example.com',
      'user-agent': userAgentOf(index),
      host: 'abc.lambda-url.us-east-1.on.aws',
    },
    replaceHeaders: true,
    sourceIp: addressOf(index),
    requestId: `bench-${index}`,
  });
}
