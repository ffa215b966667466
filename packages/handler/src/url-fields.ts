import type { UtmInfo } from '@analytics-tracker/schema';

const BASE = 'http://localhost';

function parseUrl(value: string | null | undefined, base?: string): URL | undefined {
  if (!value) return undefined;
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

/**
 * UTM fields from the page's query string (`/pricing?utm_source=news&utm_campaign=launch`).
 *
 * @example
 * utmFields('/p?utm_source=news').source; // 'news'
 */
export function utmFields(page: string | null | undefined): UtmInfo {
  // Most pages have no query string: no URL to parse (a few µs per event in a batch).
  const params = page?.includes('?') ? parseUrl(page, BASE)?.searchParams : undefined;
  const get = (name: string) => params?.get(`utm_${name}`) || null;
  return {
    source: get('source'),
    medium: get('medium'),
    campaign: get('campaign'),
    term: get('term'),
    content: get('content'),
  };
}

/**
 * Host of an absolute referrer URL, lower case, without a leading `www.`.
 *
 * @example
 * referrerDomain('https://www.google.com/search?q=x'); // 'google.com'
 */
export function referrerDomain(referrer: string | null | undefined): string | null {
  // The events of a batch usually share one referrer: parse it once.
  if (referrer === lastReferrer) return lastDomain;
  const host = parseUrl(referrer)?.hostname.toLowerCase();
  const domain = host ? (host.startsWith('www.') ? host.slice(4) : host) : null;
  lastReferrer = referrer;
  lastDomain = domain;
  return domain;
}

let lastReferrer: string | null | undefined;
let lastDomain: string | null = null;
