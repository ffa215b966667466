import { readStoredRows } from '@analytics-tracker/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPool, startTempOffline, TEST_BUCKET, type TempOffline, testEvent } from '../src/index.js';

const EVENTS = 20_000;
const SINGLES = 2_000;
const BATCH_SIZE = 50;
const CONCURRENCY = 32;

let offline: TempOffline;
let dataDir: string;

beforeAll(async () => {
  offline = await startTempOffline('tracker-load', { allowedBuckets: [TEST_BUCKET] });
  dataDir = offline.dataDir;
});

afterAll(async () => {
  await offline?.cleanup();
});

/** One request: a single event or a batch; returns the event ids the server acknowledged. */
type Request = { kind: 'single' | 'batch'; ids: string[]; body: unknown };

function plan(): Request[] {
  const events = Array.from({ length: EVENTS }, (_, index) => testEvent('load', index));
  const requests: Request[] = events
    .slice(0, SINGLES)
    .map((event) => ({ kind: 'single', ids: [event.eventId], body: { bucket: TEST_BUCKET, ...event } }));
  for (let start = SINGLES; start < EVENTS; start += BATCH_SIZE) {
    const batch = events.slice(start, start + BATCH_SIZE);
    requests.push({
      kind: 'batch',
      ids: batch.map((e) => e.eventId),
      body: { bucket: TEST_BUCKET, events: batch },
    });
  }
  // Interleave singles and batches so both kinds are in flight together.
  return requests.sort((a, b) => (a.ids[0] ?? '').localeCompare(b.ids[0] ?? ''));
}

async function send(request: Request): Promise<{ status: number; acknowledged: string[] }> {
  const response = await fetch(`${offline.url}/track`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request.body),
  });
  const body = (await response.json()) as { eventId?: string; accepted?: string[] };
  if (response.status !== 200) return { status: response.status, acknowledged: [] };
  return {
    status: 200,
    acknowledged: request.kind === 'single' ? [body.eventId ?? ''] : (body.accepted ?? []),
  };
}

describe('load without loss', () => {
  it(`stores each of ${EVENTS} concurrently sent events exactly once, and nothing unacknowledged`, async () => {
    const requests = plan();
    const sentIds = new Set(requests.flatMap((request) => request.ids));
    const results = await runPool(requests.length, CONCURRENCY, (index) => {
      const request = requests[index];
      if (!request) throw new Error(`no request ${index}`);
      return send(request);
    });

    const acknowledged = results.flatMap((result) => result.acknowledged);
    const rows = await readStoredRows(dataDir, TEST_BUCKET);
    const storedIds = rows.map((row) => row.eventId);
    const distinctStored = new Set(storedIds);

    expect(sentIds.size).toBe(EVENTS);
    expect(results.filter((result) => result.status !== 200)).toEqual([]);
    expect(new Set(acknowledged).size).toBe(acknowledged.length);
    expect(acknowledged.length).toBe(EVENTS);
    // Exactly once: as many rows as acknowledged events, with no id twice.
    expect(rows.length).toBe(acknowledged.length);
    expect(distinctStored.size).toBe(rows.length);
    // Nothing claimed that was not acknowledged (or never sent).
    const acknowledgedSet = new Set(acknowledged);
    expect(storedIds.filter((id) => !acknowledgedSet.has(id))).toEqual([]);
    expect(storedIds.filter((id) => !sentIds.has(id))).toEqual([]);
  });
});
