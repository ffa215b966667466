import type { EventFields, TrackerConfig } from '@analytics-tracker/schema';
import { startOffline } from './offline-server.js';

/** Who sends a request: CloudFront's viewer headers (believed, as behind CloudFront) and a user agent. */
export interface SeedVisitor {
  ip: string;
  userAgent: string;
  /** ISO country code CloudFront would add. */
  country?: string;
}

/** One request of a seed: a batch of events one visitor sends to one bucket at one moment. */
export interface SeedRequest {
  bucket: string;
  visitor: SeedVisitor;
  /** The server's clock for this request: it picks the day partition the events are stored in. */
  at: Date;
  /** At most `MAX_EVENTS_PER_BATCH` events. */
  events: readonly EventFields[];
  /**
   * Send the one event of `events` on its own (`POST /track` with the event as the body, stored as
   * one JSON object) instead of as a batch (one gzip NDJSON object).
   */
  single?: boolean;
}

/** What a seed stored: the accepted events (every one, or the seed throws). */
export interface SeedResult {
  requests: number;
  events: number;
}

/** The body of one seed request: the event itself (`single`), else a batch. */
function requestBody(request: SeedRequest): string {
  if (!request.single) return JSON.stringify({ bucket: request.bucket, events: request.events });
  const [event, ...more] = request.events;
  if (!event || more.length > 0) throw new Error('seed: a single request holds exactly one event');
  return JSON.stringify({ bucket: request.bucket, ...event });
}

/**
 * Fills a data folder through the tracker's own path (the Lambda's handler behind the offline server,
 * writing gzip batches, or single JSON objects, with the real S3 client into the embedded S3), fast:
 * one request per batch, not one per event, with the server's clock set per request so events land
 * on chosen days. Throws when any event is refused, so a seed never silently holds fewer events than
 * it was given. The one way tests and benchmarks send a known data set.
 *
 * @example
 * await seedEvents('.data', config, [{ bucket: 'app1-analytics-prod', visitor, at: new Date(), events }]);
 */
export async function seedEvents(
  dataDir: string,
  config: TrackerConfig,
  requests: Iterable<SeedRequest> | AsyncIterable<SeedRequest>,
): Promise<SeedResult> {
  let now = new Date();
  const server = await startOffline({
    port: 0,
    s3Port: 0,
    dataDir,
    quiet: true,
    // Behind CloudFront (played by the offline server), so each visitor's viewer address is believed.
    config: { ...config, cloudfront: { ...config.cloudfront, enabled: true } },
    clock: () => now,
  });
  const result: SeedResult = { requests: 0, events: 0 };
  try {
    for await (const request of requests) {
      now = request.at;
      const response = await fetch(`${server.url}/track`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // A browser's request: the tracker reads the user agent of browsers' requests.
          origin: 'https://seed.example.com',
          'user-agent': request.visitor.userAgent,
          'cloudfront-viewer-address': `${request.visitor.ip}:443`,
          ...(request.visitor.country ? { 'cloudfront-viewer-country': request.visitor.country } : {}),
        },
        body: requestBody(request),
      });
      const body = (await response.json()) as { accepted?: string[]; status?: string };
      const stored = request.single ? body.status === 'ok' : body.accepted?.length === request.events.length;
      if (response.status !== 200 || !stored) {
        throw new Error(`seed: POST /track → ${response.status} ${JSON.stringify(body)}`);
      }
      result.requests += 1;
      result.events += request.events.length;
    }
  } finally {
    await server.stop();
  }
  return result;
}
