import { loadTrackerConfig } from '@analytics-tracker/config';
import { type SeedRequest, seedEvents } from '@analytics-tracker/local';
import { ROOT } from './children.js';
import { BENCH_BUCKET, benchEvent } from './events.js';
import { addressOf, userAgentOf } from './workload.js';

/** Events per request, as the browser client batches them. */
const BATCH = 50;

/**
 * Stores `count` bench events (`events.ts`: three page views to one signup, long-tailed pages,
 * referrers, user agents and addresses) into `dataDir` through the real offline server and handler,
 * as batches of 50 (a client's batch size) from browsers behind CloudFront, so the stored rows are what production stores.
 * Returns the number of events stored: `count`, or it throws (seedEvents refuses a partial batch).
 *
 * @example
 * await storeBenchEvents(dataDir, 100_000); // 100000
 */
export async function storeBenchEvents(dataDir: string, count: number): Promise<number> {
  const { config } = await loadTrackerConfig({ cwd: ROOT, path: `${ROOT}/tracker.config.ts` });
  function* batches(): Generator<SeedRequest> {
    for (let first = 0; first < count; first += BATCH) {
      const index = first / BATCH;
      const size = Math.min(BATCH, count - first);
      yield {
        bucket: BENCH_BUCKET,
        visitor: { ip: addressOf(index), userAgent: userAgentOf(index) },
        at: new Date(),
        events: Array.from({ length: size }, (_, offset) => benchEvent(first + offset)),
        // A lone event goes as a single-event body, as the bench sent it before.
        single: size === 1,
      };
    }
  }
  // seedEvents throws unless the server accepted every event of every batch.
  return (await seedEvents(dataDir, config, batches())).events;
}
