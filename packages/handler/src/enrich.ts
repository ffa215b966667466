import type {
  DeviceInfo,
  LocationInfo,
  ParsedEventFields,
  StoredRow,
  UserAgentMode,
} from '@analytics-tracker/schema';
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

/** A request's context once the salt of its UTC day is known (the service reads it before enriching). */
export interface SaltedContext extends RequestContext {
  /** The salt of `now`'s UTC day: the key of `ip` and `visitorId`. */
  salt: string;
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
 * The device fields kept under a user-agent mode: all of them, or with `none` only the device type
 * and the bot flag (so crawlers stay out of the figures); browser, version and OS are dropped.
 *
 * @example
 * keptDevice(deviceInfo(iphoneAgent), 'none'); // { device_type: 'mobile', browser: null, browser_version: null, os: null, is_bot: false }
 */
export function keptDevice(device: DeviceInfo, mode: UserAgentMode): DeviceInfo {
  if (mode !== 'none') return device;
  return { ...device, browser: null, browser_version: null, os: null };
}

/**
 * The user agent string kept under a mode: always with `full`; with `parsed` only a crawler's (it
 * names software, not a person, and the bots panel names crawlers from it); never with `none`.
 *
 * @example
 * keptUserAgent('Mozilla/5.0 (compatible; Googlebot/2.1)', true, 'parsed'); // kept
 * keptUserAgent('Mozilla/5.0 (X11; Linux x86_64) …', false, 'parsed'); // null
 */
export function keptUserAgent(userAgent: string | null, isBot: boolean, mode: UserAgentMode): string | null {
  return mode === 'full' || (mode === 'parsed' && isBot) ? userAgent : null;
}

/** Server-side settings enrichment needs. */
export interface EnrichOptions {
  hasher: IpHasher;
  /**
   * What is kept of the visitor's user agent: `parsed` (default) keeps the device fields (and a
   * crawler's string), `full` also every whole string (a fingerprinting risk), `none` only the device
   * type and bot flag.
   */
  userAgent: UserAgentMode;
  /** Read location from CloudFront viewer headers (only behind CloudFront). */
  trustCdnHeaders: boolean;
}

/**
 * Builds the stored row of one validated event. Every server field (ids, times, hashes, device,
 * location, UTM, referrer domain) is computed here, so client input can never overwrite one;
 * `metadata` is JSON-encoded into its own column.
 *
 * @example
 * const row = enrichEvent(event, 'app1-analytics-prod', eventId, { ...context, salt }, options);
 */
export function enrichEvent(
  event: ParsedEventFields,
  bucket: string,
  eventId: string,
  context: SaltedContext,
  options: EnrichOptions,
): StoredRow {
  const userAgent = visitorUserAgent(event, context.headers);
  const device = deviceInfo(userAgent);
  const serverTimestamp = isoString(context.now);
  return {
    eventId,
    eventType: event.eventType,
    timestamp: event.timestamp,
    serverTimestamp,
    page: event.page ?? null,
    sessionId: event.sessionId ?? null,
    ip: options.hasher.ipHash(context.salt, bucket, context.clientIp),
    visitorId: options.hasher.visitorId(context.salt, bucket, context.clientIp, userAgent ?? ''),
    location: options.trustCdnHeaders
      ? locationFromHeaders(context.headers)
      : { country: null, city: null, region: null },
    device: keptDevice(device, options.userAgent),
    viewport: { width: event.viewport?.width ?? null, height: event.viewport?.height ?? null },
    referrer: event.referrer ?? null,
    referrerDomain: referrerDomain(event.referrer),
    utm: utmFields(event.page),
    userAgent: keptUserAgent(userAgent, device.is_bot, options.userAgent),
    fromWebsite: event.fromWebsite ?? null,
    userId: event.userId ?? null,
    metadata: event.metadata ? JSON.stringify(event.metadata) : null,
  };
}
