import { StoredRowSchema } from '@analytics-tracker/schema';
import { describe, expect, it } from 'vitest';
import { createEnrichment, ENRICHERS } from './enrich.js';
import type { EnrichInput } from './enricher.js';
import { createIpHasher } from './ip-hash.js';

const deps = { hasher: createIpHasher('enrich-test-secret-0123456789'), trustCdnHeaders: true };
const CLIENT_FIELDS = [
  'eventId',
  'eventType',
  'timestamp',
  'serverTimestamp',
  'page',
  'sessionId',
  'viewport',
  'referrer',
  'fromWebsite',
  'userId',
  'metadata',
];

/** Headers with every name a test might read; records which ones were read. */
function recordingHeaders(): { headers: Record<string, string>; read: Set<string> } {
  const read = new Set<string>();
  const values: Record<string, string> = {
    'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    origin: 'https://app1.example.com',
    'cloudfront-viewer-country': 'DE',
    'cloudfront-viewer-city': 'Berlin',
    'cloudfront-viewer-country-region': 'BE',
    'cloudfront-viewer-address': '203.0.113.7:443',
    'accept-language': 'de-DE',
    referer: 'https://example.com/',
    cookie: 'x=1',
  };
  const headers = new Proxy(values, {
    get(target, name) {
      if (typeof name === 'string') read.add(name);
      return target[name as string];
    },
  });
  return { headers, read };
}

const input = (headers: Record<string, string>): EnrichInput => ({
  event: {
    eventType: 'page_view',
    timestamp: '2025-12-17T12:00:00.000Z',
    page: '/p?utm_source=news',
    referrer: 'https://www.google.com/',
  },
  bucket: 'app1-analytics-prod',
  context: { now: new Date('2025-12-17T12:00:01.000Z'), clientIp: '203.0.113.7', headers },
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  day: '2025-12-17',
});

describe('the enrichers, declared once', () => {
  it('fill every stored field the client does not send, each field by exactly one enricher', () => {
    const filled = ENRICHERS.flatMap((enricher) => enricher.fills);
    expect(new Set(filled).size).toBe(filled.length);
    expect([...filled, ...CLIENT_FIELDS].sort()).toEqual(Object.keys(StoredRowSchema.shape).sort());
  });

  it.each(ENRICHERS.map((enricher) => [enricher.name, enricher] as const))(
    '%s returns exactly the fields it declares and reads only the headers it declares',
    (_name, enricher) => {
      const { headers, read } = recordingHeaders();
      const fields = enricher.create(deps)(input(headers));
      expect(Object.keys(fields).sort()).toEqual([...enricher.fills].sort());
      const declared = enricher.reads.map((name) => name.toLowerCase());
      expect([...read].filter((name) => !declared.includes(name))).toEqual([]);
    },
  );

  it('composed, read no header that no enricher declares', () => {
    const { headers, read } = recordingHeaders();
    createEnrichment(deps)(input(headers).event, 'app1-analytics-prod', 'e1-0123456789', {
      now: new Date('2025-12-17T12:00:01.000Z'),
      clientIp: '203.0.113.7',
      headers,
    });
    const declared = ENRICHERS.flatMap((enricher) => enricher.reads.map((name) => name.toLowerCase()));
    expect([...read].filter((name) => !declared.includes(name))).toEqual([]);
    expect(read.has('accept-language')).toBe(false);
  });
});
