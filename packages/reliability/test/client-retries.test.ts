import { createTracker } from '@analytics-tracker/client';
import { readStoredRows } from '@analytics-tracker/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FaultStats,
  flakyStore,
  newFaultStats,
  startTempOffline,
  TEST_BUCKET,
  type TempOffline,
} from '../src/index.js';

const EVENTS = 500;

let offline: TempOffline;
let dataDir: string;
const stats: FaultStats = newFaultStats();
const statuses: number[] = [];

beforeAll(async () => {
  offline = await startTempOffline('tracker-client-faults', {
    allowedBuckets: [TEST_BUCKET],
    // Half of the first 30 writes fail (throttling, 5xx, timeouts before and after the write), then recovery.
    wrapStore: (store) => flakyStore(store, { failureRate: 0.5, faultyCalls: 30, seed: 4_242 }, stats),
  });
  dataDir = offline.dataDir;
});

afterAll(async () => {
  await offline?.cleanup();
});

describe('the client retries through storage faults', () => {
  it('stores every event the client accepted exactly once', async () => {
    const tracker = createTracker({
      endpoint: offline.url,
      bucket: TEST_BUCKET,
      // Record what the server answered, and send through the real network stack.
      fetch: async (url, init) => {
        const response = await fetch(url, init);
        statuses.push(response.status);
        return response;
      },
    });
    const results = [];
    for (let n = 0; n < EVENTS; n++) results.push(await tracker.track('signup', { n }));
    const accepted = results.filter((result) => result.ok).length;

    // The client schedules its retry after the server's Retry-After (2 s); flushing again sooner
    // exercises the same resend path without making the test wait for the timer.
    for (let attempt = 0; attempt < 200 && tracker.stats().queued > 0; attempt++) await tracker.flush();

    expect(accepted).toBe(EVENTS);
    expect(tracker.stats()).toEqual({ queued: 0, dropped: 0 });
    // Every kind of fault happened, including writes that landed before the client saw a 503.
    expect(Object.values(stats.failed).every((count) => count > 0)).toBe(true);
    expect(statuses).toContain(503);
    expect(new Set(statuses)).toEqual(new Set([200, 503]));

    const rows = await readStoredRows(dataDir, TEST_BUCKET);
    const numbers = rows.map((row) => (JSON.parse(row.metadata ?? '{}') as { n: number }).n);
    expect(rows.length).toBe(accepted);
    expect(new Set(rows.map((row) => row.eventId)).size).toBe(accepted);
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: EVENTS }, (_, n) => n));
  });
});
