// Inside the repository the handler's own router type; apps import the published equivalent from
// '@analytics-tracker/types/trpc' (required equal by the types package, and type-checked outside the
// workspace by pack-install.test.ts).
import type { AppRouter } from '@analytics-tracker/handler';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestTracker, type TestTracker } from './offline-helpers.js';

const BUCKET = 'trpc-readme-analytics';
let tracker: TestTracker;

beforeAll(async () => {
  tracker = await startTestTracker([BUCKET]);
});
afterAll(() => tracker.stop());

it("the README's @trpc/client example stores its events", async () => {
  const trpc = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${tracker.server.url}/trpc` })] });

  const single = await trpc.track.mutate({
    bucket: BUCKET,
    eventType: 'signup',
    timestamp: new Date().toISOString(),
    eventId: crypto.randomUUID(),
    metadata: { plan: 'pro' },
  });
  const { accepted, rejected } = await trpc.trackBatch.mutate({
    bucket: BUCKET,
    events: [
      { eventType: 'export_started', timestamp: new Date().toISOString(), eventId: crypto.randomUUID() },
      { eventType: 'export_finished', timestamp: new Date().toISOString(), eventId: crypto.randomUUID() },
    ],
  });

  expect(single.status).toBe('ok');
  expect(accepted).toHaveLength(2);
  expect(rejected).toEqual([]);
  const rows = await tracker.rows(BUCKET);
  expect(rows.map((row) => row.eventType).sort()).toEqual(['export_finished', 'export_started', 'signup']);
});
