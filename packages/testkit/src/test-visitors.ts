/**
 * Real user agents of the test visitors, parsed by the real handler (ua-parser-js 1.x reads them as
 * the names in each comment).
 */
export const TEST_USER_AGENTS = {
  /** Chrome 120 on Windows, desktop. */
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  /** Mobile Safari 17.1 on iOS, mobile. */
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  /** Firefox 121 on Linux, desktop. */
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  /** Googlebot: a bot (isbot). */
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
} as const;

/** A test visitor: a documentation address (RFC 5737), a CloudFront country, a user agent. */
export interface TestVisitor {
  ip: string;
  country?: string;
  userAgent: string;
}

/**
 * The visitors A, B, C and a bot that the dashboard's and the query layer's known traffic share.
 *
 * @example
 * TEST_VISITORS.A.country; // 'DE'
 */
export const TEST_VISITORS = {
  A: { ip: '203.0.113.10', country: 'DE', userAgent: TEST_USER_AGENTS.chromeWindows },
  B: { ip: '198.51.100.7', country: 'FR', userAgent: TEST_USER_AGENTS.safariIphone },
  C: { ip: '192.0.2.44', userAgent: TEST_USER_AGENTS.firefoxLinux },
  BOT: { ip: '66.249.66.1', country: 'US', userAgent: TEST_USER_AGENTS.googlebot },
} as const satisfies Record<string, TestVisitor>;

/**
 * The headers of a visitor's browser request behind CloudFront (which the offline server plays when
 * `cloudfront.enabled`): its user agent, an Origin (the tracker reads a visitor's user agent from
 * browsers' requests only), and the viewer address and country.
 *
 * @example
 * await fetch(`${offline.url}/track`, { method: 'POST', headers: { 'content-type': 'application/json', ...visitorHeaders(TEST_VISITORS.A) }, body });
 */
export function visitorHeaders(
  visitor: TestVisitor,
  origin = 'https://app1.example.com',
): Record<string, string> {
  return {
    origin,
    'user-agent': visitor.userAgent,
    'cloudfront-viewer-address': `${visitor.ip}:443`,
    ...(visitor.country ? { 'cloudfront-viewer-country': visitor.country } : {}),
  };
}
