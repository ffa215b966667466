import type { ParsedEventFields, StoredRow } from '@analytics-tracker/schema';
import type { EnricherDeps, SaltedContext } from './enricher.js';
import { geoEnricher } from './geo.js';
import { ipHashEnricher } from './ip-hash.js';
import { urlFieldsEnricher } from './url-fields.js';
import { userAgentEnricher, visitorUserAgent } from './user-agent.js';
import { eventUserId } from './user-id.js';

/**
 * Every enrichment step, each declaring the stored fields it fills and the request headers it reads.
 * Adding one here is all it takes: the row gets its fields, and CloudFront forwards its headers
 * (terraform reads `requestHeadersRead`).
 */
export const ENRICHERS = [userAgentEnricher, geoEnricher, ipHashEnricher, urlFieldsEnricher] as const;

/** The stored fields the enrichers fill; every other field is the client's, copied as validated. */
export type EnrichedField = (typeof ENRICHERS)[number]['fills'][number];

/** Builds the stored row of one validated event. */
export type EnrichEvent = (
  event: ParsedEventFields,
  bucket: string,
  eventId: string,
  context: SaltedContext,
) => StoredRow;

/**
 * Composes the enrichers into one function that builds the stored row of a validated event. Every
 * server field (ids, times, hashes, device, location, UTM, referrer domain) is computed here, so
 * client input can never overwrite one; `metadata` is JSON-encoded into its own column. The caches
 * of the steps live in what this returns, one per handler.
 *
 * @example
 * const enrich = createEnrichment({ hasher, userAgent: 'parsed', trustCdnHeaders: false });
 * const row = enrich(event, 'app1-analytics-prod', eventId, { ...context, salt });
 */
export function createEnrichment(deps: EnricherDeps): EnrichEvent {
  const steps = ENRICHERS.map((enricher) => enricher.create(deps));
  // Every event of a request shares `now`, and `toISOString` would run per event: remember the last
  // one. An invalid date has a NaN time, never remembered, so it still throws.
  let lastTime = Number.NaN;
  let lastIso = '';
  const isoString = (now: Date): string => {
    const time = now.getTime();
    if (time !== lastTime) {
      lastIso = now.toISOString();
      lastTime = time;
    }
    return lastIso;
  };
  return (event, bucket, eventId, context) => {
    const serverTimestamp = isoString(context.now);
    const userAgent = visitorUserAgent(event, context.headers);
    const input = { event, bucket, context, userAgent, day: serverTimestamp.slice(0, 10) };
    const enriched = Object.assign({}, ...steps.map((step) => step(input))) as Pick<StoredRow, EnrichedField>;
    // The column order of the stored row: the client's fields, with the enriched ones in their places.
    return {
      eventId,
      eventType: event.eventType,
      timestamp: event.timestamp,
      serverTimestamp,
      page: event.page ?? null,
      sessionId: event.sessionId ?? null,
      ip: enriched.ip,
      visitorId: enriched.visitorId,
      location: enriched.location,
      device: enriched.device,
      viewport: { width: event.viewport?.width ?? null, height: event.viewport?.height ?? null },
      referrer: event.referrer ?? null,
      referrerDomain: enriched.referrerDomain,
      utm: enriched.utm,
      userAgent: enriched.userAgent,
      fromWebsite: event.fromWebsite ?? null,
      userId: eventUserId(event),
      metadata: event.metadata ? JSON.stringify(event.metadata) : null,
    };
  };
}

/**
 * Every request header the enrichers read (canonical names), for the CDN in front to forward.
 *
 * @example
 * enricherHeaders(); // ['User-Agent', 'Origin', 'CloudFront-Viewer-Country', …]
 */
export function enricherHeaders(): string[] {
  return [...new Set(ENRICHERS.flatMap((enricher) => enricher.reads))];
}
