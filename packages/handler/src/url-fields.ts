import type { UtmInfo } from '@analytics-tracker/schema';
import type { Enricher } from './enricher.js';

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

function domainOf(referrer: string | null | undefined): string | null {
  const host = parseUrl(referrer)?.hostname.toLowerCase();
  return host ? (host.startsWith('www.') ? host.slice(4) : host) : null;
}

/**
 * A reader of the host of an absolute referrer URL, lower case, without a leading `www.`. The events
 * of a batch usually share one referrer, so each reader remembers its last answer (one per handler).
 *
 * @example
 * const referrerDomain = createReferrerDomain();
 * referrerDomain('https://www.google.com/search?q=x'); // 'google.com'
 */
export function createReferrerDomain(): (referrer: string | null | undefined) => string | null {
  let lastReferrer: string | null | undefined;
  let lastDomain: string | null = null;
  return (referrer) => {
    if (referrer !== lastReferrer) {
      lastDomain = domainOf(referrer);
      lastReferrer = referrer;
    }
    return lastDomain;
  };
}

/**
 * `utm` (from the page's query string) and `referrerDomain`: from the event's own fields, no header.
 *
 * @example
 * urlFieldsEnricher.create(deps)(input).utm.source; // 'newsletter'
 */
export const urlFieldsEnricher: Enricher<'utm' | 'referrerDomain'> = {
  name: 'url fields',
  fills: ['utm', 'referrerDomain'],
  reads: [],
  create: () => {
    const referrerDomain = createReferrerDomain();
    return (input) => ({
      utm: utmFields(input.event.page),
      referrerDomain: referrerDomain(input.event.referrer),
    });
  },
};
