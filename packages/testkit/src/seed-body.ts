/**
 * The body of the original tracker README's curl example (with its missing comma fixed): every
 * field the seed documents. Tests send it to prove the seed's requests keep working.
 *
 * @example
 * await fetch(`${url}/track`, { method: 'POST', body: JSON.stringify(seedBody) });
 */
export const seedBody = {
  bucket: 'app1-analytics-prod',
  eventType: 'page_view',
  timestamp: '2025-12-17T12:00:00.000Z',
  page: '/articles/my-post',
  userAgent: 'Mozilla/5.0...',
  viewport: { width: 1920, height: 1080 },
  sessionId: 'abc123',
  referrer: 'https://google.com',
  fromWebsite: 'LinkedIn',
};
