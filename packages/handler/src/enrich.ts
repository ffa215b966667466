import { LIMITS, type LocationInfo, type ParsedEventFields, type StoredRow } from '@analytics-tracker/schema';
import type { IpHasher } from './ip-hash.js';
import { referrerDomain, utmFields } from './url-fields.js';
import { deviceInfo } from './user-agent.js';

/** What the server knows about a request, independent of its body. */
export interface RequestContext {
  /** Server time of the request: partitions, `serverTimestamp` and the IP-hash day come from it. */
  now: Date;
  /** Client IP: used for hashing only, never stored or logged. */
  clientIp: string;
  /** Request headers, lower-case names. */
  headers: Readonly<Record<string, string>>;
}

function header(headers: RequestContext['headers'], name: string): string | null {
  const value = headers[name];
  if (!value) return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Location from CloudFront's viewer headers; all null when absent (or when they are not trusted).
 *
 * @example
 * locationFromHeaders({ 'cloudfront-viewer-country': 'DE' }); // { country: 'DE', city: null, region: null }
 */
export function locationFromHeaders(headers: RequestContext['headers']): LocationInfo {
  return {
    country: header(headers, 'cloudfront-viewer-country'),
    city: header(headers, 'cloudfront-viewer-city'),
    region: header(headers, 'cloudfront-viewer-country-region'),
  };
}

// Every event of a request shares `now`, and `toISOString` ran twice per event (the UTC day and
// `serverTimestamp`): remember the last one. An invalid date has a NaN time, never remembered, so it still throws.
let lastTime = Number.NaN;
let lastIso = '';
function isoString(now: Date): string {
  const time = now.getTime();
  if (time !== lastTime) {
    lastIso = now.toISOString();
    lastTime = time;
  }
  return lastIso;
}

/**
 * The visitor's user agent: the event's own `userAgent`, else the request's `User-Agent` header when
 * a browser sent the request. Browsers send `Origin` on every POST; a backend, a server-side SDK or
 * curl does not, and their agent (`node`, `curl/8.5.0`) is not a visitor's: reading it as one would
 * mark every server-side event as a bot and hide it from the analyses that leave bots out.
 *
 * @example
 * visitorUserAgent({}, { origin: 'https://a.example', 'user-agent': 'Mozilla/5.0 …' }); // 'Mozilla/5.0 …'
 * visitorUserAgent({}, { 'user-agent': 'node' }); // null
 */
export function visitorUserAgent(
  event: Pick<ParsedEventFields, 'userAgent'>,
  headers: RequestContext['headers'],
): string | null {
  if (event.userAgent) return event.userAgent;
  return headers.origin !== undefined ? (headers['user-agent'] ?? null) : null;
}

/**
 * The event's `userId`, else `metadata.userId` as the original tracker lifted it into the column
 * (a string or a finite number, within the id length limit). The metadata keeps its copy either way.
 *
 * @example
 * eventUserId({ metadata: { userId: 'u-42', plan: 'pro' } }); // 'u-42'
 * eventUserId({ userId: 'u-1', metadata: { userId: 'u-42' } }); // 'u-1'
 */
export function eventUserId(event: Pick<ParsedEventFields, 'userId' | 'metadata'>): string | null {
  if (event.userId) return event.userId;
  const lifted =
    event.metadata && Object.hasOwn(event.metadata, 'userId') ? event.metadata.userId : undefined;
  const text =
    typeof lifted === 'string'
      ? lifted
      : typeof lifted === 'number' && Number.isFinite(lifted)
        ? String(lifted)
        : '';
  return text.length > 0 && text.length <= LIMITS.maxIdLength ? text : null;
}

/** Server-side settings enrichment needs. */
export interface EnrichOptions {
  hasher: IpHasher;
  /** Read location from CloudFront viewer headers (only behind CloudFront). */
  trustCdnHeaders: boolean;
}

/**
 * Builds the stored row of one validated event. Every server field (ids, times, hashes, device,
 * location, UTM, referrer domain) is computed here, so client input can never overwrite one;
 * `metadata` is JSON-encoded into its own column.
 *
 * @example
 * const row = enrichEvent(event, 'app1-analytics-prod', eventId, context, { hasher, trustCdnHeaders: false });
 */
export function enrichEvent(
  event: ParsedEventFields,
  bucket: string,
  eventId: string,
  context: RequestContext,
  options: EnrichOptions,
): StoredRow {
  const userAgent = visitorUserAgent(event, context.headers);
  const serverTimestamp = isoString(context.now);
  const day = serverTimestamp.slice(0, 10);
  return {
    eventId,
    eventType: event.eventType,
    timestamp: event.timestamp,
    serverTimestamp,
    page: event.page ?? null,
    sessionId: event.sessionId ?? null,
    ip: options.hasher.ipHash(context.clientIp, day),
    visitorId: options.hasher.visitorId(bucket, context.clientIp, userAgent ?? '', day),
    location: options.trustCdnHeaders
      ? locationFromHeaders(context.headers)
      : { country: null, city: null, region: null },
    device: deviceInfo(userAgent),
    viewport: { width: event.viewport?.width ?? null, height: event.viewport?.height ?? null },
    referrer: event.referrer ?? null,
    referrerDomain: referrerDomain(event.referrer),
    utm: utmFields(event.page),
    userAgent,
    fromWebsite: event.fromWebsite ?? null,
    userId: eventUserId(event),
    metadata: event.metadata ? JSON.stringify(event.metadata) : null,
  };
}
