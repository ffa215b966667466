import { loadTrackerConfig } from '@analytics-tracker/config';
import { startOffline } from '@analytics-tracker/local';
import { ROOT } from './children.js';
import { requestBody } from './events.js';
import { addressOf, userAgentOf } from './workload.js';

/** Events per request, as the browser client batches them. */
const BATCH = 50;

/**
 * Stores `count` bench events (`events.ts`: three page views to one signup, long-tailed pages,
 * referrers, user agents and addresses) into `dataDir` through the real offline server and handler,
 * as batches of 50 (a client's batch size) from browsers behind CloudFront, so the stored rows are what production stores.
 * Returns the number of events the server accepted (it must be `count`).
 *
 * @example
 * await storeBenchEvents(dataDir, 100_000); // 100000
 */
export async function storeBenchEvents(dataDir: string, count: number): Promise<number> {
  const { config } = await loadTrackerConfig({ cwd: ROOT, path: `${ROOT}/tracker.config.ts` });
  // Behind CloudFront, so each request's viewer address is believed: many visitors, not one.
  const offline = await startOffline({
    port: 0,
    s3Port: 0,
    dataDir,
    config: { ...config, cloudfront: { ...config.cloudfront, enabled: true } },
    quiet: true,
  });
  let accepted = 0;
  try {
    for (let first = 0; first < count; first += BATCH) {
      const index = first / BATCH;
      const response = await fetch(`${offline.url}/track`, {
        method: 'POST',
        headers: {
          'content-type': 'text/plain;charset=UTF-8',
          origin: 'https://app1.example.com',
          'user-agent': userAgentOf(index),
          'cloudfront-viewer-address': `${addressOf(index)}:443`,
        },
        body: requestBody(first, Math.min(BATCH, count - first)),
      });
      const body = (await response.json()) as { accepted?: unknown[] };
      if (response.status !== 200)
        throw new Error(`POST /track → ${response.status} ${JSON.stringify(body)}`);
      accepted += body.accepted?.length ?? 0;
    }
  } finally {
    await offline.stop();
  }
  return accepted;
}
