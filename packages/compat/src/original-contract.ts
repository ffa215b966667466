/**
 * What the original tracker documents, copied from its README (and, for the strings its README does
 * not print, from the behaviours the migration issue lists). The compat tests take every expected
 * status and body from here, never from this repository's code.
 */

/**
 * The original README's request body (its `curl` example; the comma it forgot after `referrer` added).
 *
 * @example
 * await fetch(`${url}/prod/track`, { method: 'POST', body: JSON.stringify(ORIGINAL_BODY) });
 */
export const ORIGINAL_BODY = {
  bucket: 'app1-analytics-prod',
  eventType: 'page_view',
  timestamp: '2025-12-17T12:00:00.000Z',
  page: '/articles/my-post',
  userAgent: 'Mozilla/5.0...',
  viewport: { width: 1920, height: 1080 },
  sessionId: 'abc123',
  referrer: 'https://google.com',
  fromWebsite: 'LinkedIn',
} as const;

/**
 * The original's error bodies, exactly. `MISSING_BUCKET` and `BUCKET_FORBIDDEN` are printed in its
 * README; `ORIGIN_FORBIDDEN` and the `eventType`/`timestamp` error string are the ones its clients and
 * test suite match on.
 *
 * @example
 * expect(await response.json()).toEqual(ORIGINAL_ERRORS.ORIGIN_FORBIDDEN);
 */
export const ORIGINAL_ERRORS = {
  MISSING_BUCKET: {
    error: 'Missing required field: bucket',
    message: 'You must specify the S3 bucket name in the request body',
  },
  BUCKET_FORBIDDEN: {
    error: 'Forbidden',
    message: 'The specified bucket is not authorized for this analytics service',
  },
  ORIGIN_FORBIDDEN: { error: 'Forbidden', message: 'Origin not allowed' },
  MISSING_EVENT_TYPE_OR_TIMESTAMP: 'Missing required fields: eventType and timestamp',
} as const;

/**
 * The original's key, `analytics/year=YYYY/month=MM/day=DD/<eventId>.json`: how its objects already in
 * a bucket are named (this tracker writes `<eventId>-<content hash>.json`, and reads both).
 *
 * @example
 * ORIGINAL_KEY.test('analytics/year=2025/month=12/day=17/1702742400-a1b2c3d4.json'); // true
 */
export const ORIGINAL_KEY = /^analytics\/year=(\d{4})\/month=(\d{2})\/day=(\d{2})\/([^/]+)\.json$/;

/**
 * The original README's queries, verbatim (its "Run Queries", "Query All Apps" and programmatic
 * access sections), each as it would be saved into a `.sql` file and run with `npm run query -- --file`.
 *
 * @example
 * await writeFile('daily.sql', ORIGINAL_QUERIES.dailyPageViews);
 */
export const ORIGINAL_QUERIES = {
  dailyPageViews: `-- Daily page views
SELECT year, month, day, COUNT(*) as views
FROM analytics_db.app1_events
WHERE eventType = 'page_view'
GROUP BY year, month, day
ORDER BY year DESC, month DESC, day DESC;
`,
  deviceBreakdown: `-- Device breakdown
SELECT device.device_type, device.browser, COUNT(*) as count
FROM analytics_db.app1_events
WHERE eventType = 'page_view'
GROUP BY device.device_type, device.browser;
`,
  allApps: `SELECT 'Website' as app, COUNT(*) as views FROM analytics_db.website_events WHERE eventType = 'page_view'
UNION ALL
SELECT 'Mobile' as app, COUNT(*) as views FROM analytics_db.mobile_events WHERE eventType = 'page_view'
UNION ALL
SELECT 'API' as app, COUNT(*) as views FROM analytics_db.api_events WHERE eventType = 'page_view';
`,
  selectAll: 'SELECT * FROM analytics_db.app1_events LIMIT 100',
} as const;

/**
 * The apps of the original README's multi-tenant setup (plus its `app1`), as `tracker.config.ts`
 * entries: the table of app `website` is `website_events`, as the README's queries name it.
 *
 * @example
 * defineConfig({ allowedBuckets: ORIGINAL_APPS.map((app) => app.bucket), apps: [...ORIGINAL_APPS] });
 */
export const ORIGINAL_APPS = [
  { name: 'app1', bucket: 'app1-analytics-prod' },
  { name: 'website', bucket: 'website-analytics' },
  { name: 'mobile', bucket: 'mobile-app-analytics' },
  { name: 'api', bucket: 'api-analytics' },
] as const;
