// The queue as a Node tracker shows it on the wire: how batches are cut (by count and by UTF-8 bytes),
// that a batch retried unchanged is the same batch, and the cap (the oldest waiting events go, counted,
// never one on the wire). The endpoint is a recording fetch: what is checked is what the tracker sends.
// What needs Web Storage (storage full, corrupted entries, a closed tab's queue taken over) is proven
// in Chromium (test/browser.test.ts); parseQueue, which reads stored queues, is checked here.
import { describe, expect, it } from 'vitest';
import { createTracker, type TrackerEvent } from '../src/index.js';
import { parseQueue } from '../src/queue.js';
import { recordErrors } from './accounting.js';

let buckets = 0;

/** A fetch that records each request's events and UTF-8 size, and answers with `status` (or waits for `hold`). */
function recordingFetch(status = 200, hold?: Promise<void>) {
  const requests: { ids: string[]; bytes: number }[] = [];
  const fetch = async (_url: string, init: RequestInit) => {
    const body = String(init.body);
    const { events } = JSON.parse(body) as { events: TrackerEvent[] };
    requests.push({
      ids: events.map((event) => event.eventType),
      bytes: new TextEncoder().encode(body).length,
    });
    await hold;
    return new Response(JSON.stringify({ accepted: events.length, rejected: [] }), { status });
  };
  return { requests, fetch };
}

const tracker = (options: Parameters<typeof createTracker>[0] extends infer O ? Partial<O> : never) =>
  createTracker({ endpoint: 'https://tracker.invalid', bucket: `queue-${++buckets}-analytics`, ...options });

describe('the queue, on the wire', () => {
  it('cuts batches of at most batchSize events, oldest first', async () => {
    const wire = recordingFetch();
    const client = tracker({ batchSize: 2, fetch: wire.fetch });
    for (let n = 1; n <= 5; n++) await client.track(`e${n}`);
    expect(await client.flush()).toEqual({ ok: true });
    expect(wire.requests.map((request) => request.ids)).toEqual([['e1', 'e2'], ['e3', 'e4'], ['e5']]);
    await client.destroy();
  });

  it('keeps every request under the 64 KiB keepalive limit, counting UTF-8 bytes, not UTF-16 units', async () => {
    const wire = recordingFetch();
    const client = tracker({ fetch: wire.fetch });
    // 2,000 UTF-16 units but 4,000 UTF-8 bytes each: 40,000 units in all, 80,000 bytes.
    for (let n = 0; n < 20; n++) await client.track(`e${n}`, { text: 'é'.repeat(2000) });
    expect(await client.flush()).toEqual({ ok: true });
    expect(wire.requests.length).toBeGreaterThan(1);
    for (const request of wire.requests) expect(request.bytes).toBeLessThan(64 * 1024);
    expect(wire.requests.flatMap((request) => request.ids)).toEqual(
      Array.from({ length: 20 }, (_, n) => `e${n}`),
    );
    await client.destroy();
  });

  it('resends a batch the endpoint could not take exactly as it was, while no event was added', async () => {
    let status = 503;
    const requests: string[][] = [];
    const client = tracker({
      batchSize: 3,
      fetch: async (_url, init) => {
        const { events } = JSON.parse(String(init.body)) as { events: TrackerEvent[] };
        requests.push(events.map((event) => event.eventId ?? ''));
        return new Response('{"accepted":0,"rejected":[]}', { status });
      },
    });
    for (const type of ['a', 'b', 'c', 'd']) await client.track(type);
    expect(await client.flush()).toMatchObject({ ok: false, error: { code: 'retrying' } });
    status = 200;
    expect(await client.flush()).toEqual({ ok: true });
    // The same event ids in the same order: the server names the batch after them, so a first copy that
    // did arrive (an answer lost) and this one are one object.
    const [first, again, rest] = requests;
    expect(first).toHaveLength(3);
    expect(again).toEqual(first);
    expect(rest).toHaveLength(1);
    expect(new Set([...(again ?? []), ...(rest ?? [])]).size).toBe(4);
    await client.destroy();
  });

  it('drops the oldest waiting events above maxQueue, counts them and hands them to onError', async () => {
    const errors = recordErrors();
    const wire = recordingFetch();
    const client = tracker({
      maxQueue: 3,
      flushInterval: 60_000,
      fetch: wire.fetch,
      onError: errors.onError,
    });
    for (let n = 1; n <= 5; n++) await client.track(`e${n}`);
    expect(client.stats()).toMatchObject({ queued: 3, dropped: 2 });
    expect(errors.lost.dropped?.map((event) => event.eventType)).toEqual(['e1', 'e2']);
    expect(await client.flush()).toEqual({ ok: true });
    expect(wire.requests.flatMap((request) => request.ids)).toEqual(['e3', 'e4', 'e5']);
    await client.destroy();
  });

  it('never drops events on the wire (they may arrive), nor counts them against the cap', async () => {
    let answer = () => {};
    const wire = recordingFetch(200, new Promise<void>((resolve) => (answer = resolve)));
    const errors = recordErrors();
    const client = tracker({
      maxQueue: 2,
      batchSize: 2,
      flushInterval: 60_000,
      fetch: wire.fetch,
      onError: errors.onError,
    });
    await client.track('e1');
    await client.track('e2');
    const flushed = client.flush();
    // e1 and e2 are on the wire; three more events, above a cap of two waiting ones: e3 goes.
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (const type of ['e3', 'e4', 'e5']) await client.track(type);
    expect(errors.lost.dropped?.map((event) => event.eventType)).toEqual(['e3']);
    expect(client.stats()).toMatchObject({ queued: 4, dropped: 1 });
    answer();
    expect(await flushed).toEqual({ ok: true });
    expect(await client.flush()).toEqual({ ok: true });
    expect(wire.requests.map((request) => request.ids)).toEqual([
      ['e1', 'e2'],
      ['e4', 'e5'],
    ]);
    expect(client.stats()).toMatchObject({ queued: 0, delivered: 4, dropped: 1 });
    await client.destroy();
  });
});

describe('parseQueue', () => {
  const event = { eventType: 'click', timestamp: '2025-12-17T12:00:00.000Z', eventId: 'event-0001' };

  it('reads a stored queue', () => {
    expect(parseQueue(JSON.stringify([event]))).toEqual([event]);
  });

  // Another tab's key, another version, a hand edit: nothing readable, nothing that throws later.
  it.each([undefined, '{not json', '{"s":1}', '{"o":[],"s":5}', '7', '"text"', 'null'])(
    'reads %j as nothing stored',
    (stored) => {
      expect(parseQueue(stored)).toBeUndefined();
    },
  );

  it("reads an earlier version's queue ({ o: open events, s: sealed batches }) as its events, the sealed batches first", () => {
    const at = (n: number) => ({ ...event, eventId: `event-000${n}` });
    // The earlier layout: batches sealed before the open events, oldest first, so an upgrade sends all five.
    const earlier = { o: [at(4), at(5)], s: [[at(1), at(2)], [at(3)]] };
    expect(parseQueue(JSON.stringify(earlier))).toEqual([at(1), at(2), at(3), at(4), at(5)]);
  });

  it('leaves out entries that are not events', () => {
    expect(parseQueue(JSON.stringify([3, null, 'x', { eventType: 'no id' }, event, [event]]))).toEqual([
      event,
    ]);
  });
});
