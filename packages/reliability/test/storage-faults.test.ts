import { RETRY_AFTER_SECONDS } from '@analytics-tracker/handler';
import { readStoredRows } from '@analytics-tracker/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FaultStats,
  flakyStore,
  newFaultStats,
  runPool,
  sendWithRetry,
  startTempOffline,
  TEST_BUCKET,
  type TempOffline,
  testEvent,
} from '../src/index.js';

const SINGLES = 300;
const BATCHES = 28;
const BATCH_SIZE = 25;

let offline: TempOffline;
let dataDir: string;
const stats: FaultStats = newFaultStats();

beforeAll(async () => {
  offline = await startTempOffline('tracker-faults', {
    allowedBuckets: [TEST_BUCKET],
    // Throttling, 5xx and timeouts (some after the object landed) on 40% of the first 250 writes, then recovery.
    wrapStore: (store) => flakyStore(store, { failureRate: 0.4, faultyCalls: 250, seed: 20_251_217 }, stats),
  });
  dataDir = offline.dataDir;
});

afterAll(async () => {
  await offline?.cleanup();
});

describe('storage faults', () => {
  it('answers 503 with Retry-After while S3 fails; a retrying client ends with every event stored exactly once', async () => {
    const singles = Array.from({ length: SINGLES }, (_, index) => testEvent('fault-single', index));
    const batches = Array.from({ length: BATCHES }, (_, batch) =>
      Array.from({ length: BATCH_SIZE }, (_, index) => testEvent(`fault-batch-${batch}`, index)),
    );
    const bodies = [
      ...singles.map((event) => ({ bucket: TEST_BUCKET, ...event })),
      ...batches.map((events) => ({ bucket: TEST_BUCKET, events })),
    ];
    const accepted = [...singles, ...batches.flat()].map((event) => event.eventId);

    const outcomes = await runPool(bodies.length, 8, (index) =>
      sendWithRetry(`${offline.url}/track`, bodies[index], { maxAttempts: 30, maxDelayMs: 20 }),
    );

    // The faults happened, of every kind, and the handler turned each into a 503 with Retry-After.
    expect(Object.values(stats.failed).every((count) => count > 0)).toBe(true);
    const statuses = outcomes.flatMap((outcome) => outcome.statuses);
    expect(statuses.filter((status) => status === 503).length).toBe(
      Object.values(stats.failed).reduce((sum, count) => sum + count, 0),
    );
    expect(new Set(statuses)).toEqual(new Set([200, 503]));
    expect(new Set(outcomes.flatMap((outcome) => outcome.retryAfter))).toEqual(
      new Set([String(RETRY_AFTER_SECONDS)]),
    );
    // After recovery every request was acknowledged...
    expect(outcomes.filter((outcome) => outcome.status !== 200)).toEqual([]);

    // ...and every event is stored exactly once, even those whose first write landed before a timeout.
    const rows = await readStoredRows(dataDir, TEST_BUCKET);
    const stored = rows.map((row) => row.eventId);
    expect(stored.length).toBe(accepted.length);
    expect(new Set(stored)).toEqual(new Set(accepted));
  });
});
