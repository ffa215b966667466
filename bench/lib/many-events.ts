import { seedEvents } from '@analytics-tracker/local';
import type { TrackerConfig } from '@analytics-tracker/schema';
import { BENCH_BUCKET, benchEvent } from './events.js';
import { addressOf, userAgentOf } from './workload.js';

const DAY_MS = 86_400_000;
/** Events per stored object: the largest batch the handler accepts. */
const BATCH = 500;

/**
 * Fills `dataDir` with `count` events spread over the last 30 UTC days, fast: batches of 500
 * through the offline tracker's own path (handler, gzip NDJSON, the real S3 client into the
 * embedded S3), so the data is in the stored layout a query reads, with no per-event HTTP call.
 * Returns the seconds it took.
 *
 * @example
 * await manyEvents(tmp, config, 100_000); // 100,000 events in 200 objects
 */
export async function manyEvents(dataDir: string, config: TrackerConfig, count: number): Promise<number> {
  const started = performance.now();
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const requests = Math.ceil(count / BATCH);
  function* batches() {
    for (let request = 0; request < requests; request++) {
      // Noon of one of the last 30 days (today's batches at the current time, never in the future).
      const at = new Date(Math.min(Date.now(), today - (request % 30) * DAY_MS + DAY_MS / 2));
      const size = Math.min(BATCH, count - request * BATCH);
      const events = Array.from({ length: size }, (_, i) => ({
        ...benchEvent(request * BATCH + i),
        timestamp: new Date(at.getTime() - (size - i) * 1000).toISOString(),
      }));
      yield {
        bucket: BENCH_BUCKET,
        visitor: { ip: addressOf(request), userAgent: userAgentOf(request) },
        at,
        events,
      };
    }
  }
  await seedEvents(dataDir, config, batches());
  return (performance.now() - started) / 1000;
}
