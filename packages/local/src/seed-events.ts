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
}

/** What a seed stored: the accepted events (every one, or the seed throws). */
export interface SeedResult {
  requests: number;
  events: number;
}

/**
 * Fills a data folder through the tracker's own path (the Lambda's handler behind the offline server,
 * writing gzip batches with the real S3 client into the embedded S3), fast: one request per batch,
 * not one per event, with the server's clock set per request so events land on chosen days. Throws
 * when any event is refused, so a seed never silently holds fewer events than it was given.
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
        body: JSON.stringify({ bucket: request.bucket, events: request.events }),
      });
      const body = (await response.json()) as { accepted?: string[] };
      if (response.status !== 200 || body.accepted?.length !== request.events.length) {
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
