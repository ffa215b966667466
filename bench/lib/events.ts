import type { EventFields } from '@analytics-tracker/schema';
import { functionUrlEvent, type TestFunctionUrlEvent } from '@analytics-tracker/testkit';

/** The bucket every bench writes to (allowed by tracker.config.ts). */
export const BENCH_BUCKET = 'app1-analytics-prod';

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
];

/**
 * A realistic page view or custom event as the browser client sends it: the seed's fields, UTM tags,
 * a referrer and small metadata; the user agent comes from the request header, as in a browser.
 *
 * @example
 * benchEvent(3).eventType; // 'page_view'
 */
export function benchEvent(index: number): EventFields {
  return {
    eventType: index % 4 === 3 ? 'signup' : 'page_view',
    timestamp: new Date().toISOString(),
    page: `/articles/post-${index % 40}?utm_source=newsletter&utm_medium=email&utm_campaign=launch`,
    viewport: { width: 1920, height: 1080 },
    sessionId: `sess-${(index % 500).toString(36)}`,
    referrer: 'https://www.google.com/search?q=analytics',
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
 * from one of a few browsers (user agent) and one of 250 addresses. Built by the test kit's one builder.
 *
 * @example
 * await handler(browserEvent(requestBody(0, 1), 0));
 */
export function browserEvent(body: string, index: number): TestFunctionUrlEvent {
  return functionUrlEvent(body, {
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      origin: 'https://app1.example.com',
      'user-agent': USER_AGENTS[index % USER_AGENTS.length] ?? '',
      host: 'abc.lambda-url.us-east-1.on.aws',
    },
    replaceHeaders: true,
    sourceIp: `198.51.100.${index % 250}`,
    requestId: `bench-${index}`,
  });
}
