// The loss scenarios of issue 15 that Node shows, against the real offline tracker: each counts the events
// sent against the rows stored, and every difference must be named by stats() and onError.
import { LIMITS } from '@analytics-tracker/schema';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTracker, MAX_URL_LENGTH, type TrackerEvent } from '../src/index.js';
import { expectAccounted, recordErrors, startFaultServer } from './accounting.js';
import { eventually, startTestTracker, type TestTracker } from './offline-helpers.js';

const B = {
  long: 'loss-long-url-analytics',
  partial: 'loss-partial-analytics',
  timeout: 'loss-timeout-analytics',
  props: 'loss-bad-props-analytics',
  burst: 'loss-burst-analytics',
  lifecycle: 'loss-lifecycle-analytics',
  warn: 'loss-warn-analytics',
};

let tracker: TestTracker;
let endpoint: string;

beforeAll(async () => {
  tracker = await startTestTracker(Object.values(B));
  endpoint = tracker.server.url;
});
afterAll(() => tracker.stop());

describe('loss scenarios in Node: sent versus stored', () => {
  it('1. cuts page to the endpoint limit, so a long utm_campaign no longer gets the batch refused', async () => {
    expect(MAX_URL_LENGTH).toBe(LIMITS.maxUrlLength);
    const errors = recordErrors();
    const client = createTracker({ endpoint, bucket: B.long, onError: errors.onError });
    const page = `/landing?utm_source=mail&utm_campaign=${'c'.repeat(2100)}`;
    await client.pageView(page);
    for (const step of ['a', 'b', 'c']) await client.track('step', { step });
    expect(await client.flush()).toEqual({ ok: true });

    const rows = await tracker.rows(B.long);
    expect(rows).toHaveLength(4);
    expect(rows.find((row) => row.eventType === 'page_view')?.page).toBe(page.slice(0, LIMITS.maxUrlLength));
    expect(errors.lost).toEqual({});
    expectAccounted(client.stats(), 4, rows.length);
    await client.destroy();
  });

  it("2. counts each event the endpoint rejects in a 200's rejected[], and tells onError which", async () => {
    const errors = recordErrors();
    const client = createTracker({ endpoint, bucket: B.partial, onError: errors.onError });
    await client.track('fine', { n: 1 });
    // Over the 8 KB metadata limit, and nested six levels deep (the limit is five).
    await client.track('too_big', { text: 'x'.repeat(LIMITS.maxMetadataBytes + 1) });
    await client.track('too_deep', { a: { b: { c: { d: { e: {} } } } } });
    await client.track('fine', { n: 2 });
    const flushed = await client.flush();

    expect(flushed).toMatchObject({ ok: false, error: { code: 'rejected', status: 200 } });
    const rows = await tracker.rows(B.partial);
    expect(rows.map((row) => row.eventType)).toEqual(['fine', 'fine']);
    expect(errors.lost.rejected?.map((event) => event.eventType).sort()).toEqual(['too_big', 'too_deep']);
    expect(client.stats()).toMatchObject({ rejected: 2, queued: 0 });
    expectAccounted(client.stats(), 4, rows.length);
    await client.destroy();
  });

  it('2. reports a 403 bucket when the timer sends the batch, without waiting for a flush() call', async () => {
    const errors = recordErrors();
    const client = createTracker({
      endpoint,
      bucket: 'loss-forbidden-analytics',
      flushInterval: 50,
      onError: errors.onError,
    });
    await client.track('a');
    await client.track('b');
    await eventually(async () => expect(errors.lost.rejected).toHaveLength(2));
    expect(errors.statuses).toEqual([403]);
    expectAccounted(client.stats(), 2, 0);
    await client.destroy();
  });

  it('3. gives up on a request that never gets an answer, and delivers it once the endpoint answers', async () => {
    // Accepts the connection, reads the request, never answers.
    const hanging = await startFaultServer(() => {});
    let hang = true;
    const client = createTracker({
      endpoint,
      bucket: B.timeout,
      timeout: 2000,
      fetch: (url, init) => fetch(hang ? url.replace(endpoint, hanging.url) : url, init),
    });
    for (let n = 0; n < 3; n++) await client.track('order', { n });
    const pending = Symbol('still pending after 10 s');
    const race = <T>(promise: Promise<T>) =>
      Promise.race([promise, new Promise((resolve) => setTimeout(resolve, 10_000, pending))]);

    // Both flushes settle: the second no longer queues behind a request that never ends.
    const [first, second] = await Promise.all([race(client.flush()), race(client.flush())]);
    expect(first).toMatchObject({ ok: false, error: { code: 'retrying', status: undefined } });
    expect(second).toMatchObject({ ok: false, error: { code: 'retrying' } });
    expect(hanging.requests).toBeGreaterThanOrEqual(1);
    expect(client.stats().queued).toBe(3);

    hang = false;
    // On a loaded machine the real endpoint may take longer than the timeout too: flush until it answers.
    await eventually(async () => expect(await client.flush()).toEqual({ ok: true }), 20_000);
    const rows = await tracker.rows(B.timeout);
    expect(rows).toHaveLength(3);
    expectAccounted(client.stats(), 3, rows.length);
    await client.destroy();
    await hanging.stop();
  });

  it('4. refuses an event that is not JSON (bigint, circular) on its own; its neighbours are stored', async () => {
    const errors = recordErrors();
    const client = createTracker({ endpoint, bucket: B.props, onError: errors.onError });
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    await client.track('before', { n: 1 });
    // Untyped JavaScript callers can pass anything; typed ones get a compile error (see types.test.ts).
    expect(await client.track('bigint', { amount: 10n } as never)).toMatchObject({
      ok: false,
      error: { code: 'rejected' },
    });
    expect(await client.track('circular', circular as never)).toMatchObject({
      ok: false,
      error: { code: 'rejected' },
    });
    await client.track('after', { n: 2 });
    expect(await client.flush()).toEqual({ ok: true });

    const rows = await tracker.rows(B.props);
    expect(rows.map((row) => row.eventType).sort()).toEqual(['after', 'before']);
    expect(errors.lost.rejected?.map((event) => event.eventType)).toEqual(['bigint', 'circular']);
    expectAccounted(client.stats(), 4, rows.length);
    await client.destroy();
  });

  it.each([
    ['30 days in seconds', String(30 * 24 * 3600)],
    ['a far-future date', 'Fri, 31 Dec 9999 23:59:59 GMT'],
  ])('5. waits, rather than floods, when a 503 asks for a Retry-After of %s', async (_, retryAfter) => {
    const busy = await startFaultServer((_request, response) => {
      response.writeHead(503, { 'retry-after': retryAfter, 'content-type': 'application/json' });
      response.end('{"error":"Service Unavailable"}');
    });
    const client = createTracker({ endpoint: busy.url, bucket: `loss-retry-${retryAfter.length}-analytics` });
    await client.track('queued');
    expect(await client.flush()).toMatchObject({ ok: false, error: { code: 'retrying', status: 503 } });
    await new Promise((resolve) => setTimeout(resolve, 2000));

    expect(busy.requests).toBe(1);
    expect(client.stats()).toMatchObject({ queued: 1, delivered: 0 });
    // destroy() flushes once more (one more request, refused again), then stops the retry timer.
    await client.destroy();
    expect(busy.requests).toBe(2);
    await busy.stop();
  });

  it('7. sends several batches at once, and counts as dropped only events that were not stored', async () => {
    const errors = recordErrors();
    let inFlight = 0;
    let mostInFlight = 0;
    const batchSizes: number[] = [];
    const client = createTracker({
      endpoint,
      bucket: B.burst,
      onError: errors.onError,
      fetch: async (url, init) => {
        batchSizes.push((JSON.parse(String(init.body)) as { events: unknown[] }).events.length);
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        try {
          return await fetch(url, init);
        } finally {
          inFlight -= 1;
        }
      },
    });
    for (let n = 0; n < 1201; n++) {
      const result = await client.track('burst', { n });
      expect(result).toEqual({ ok: true });
    }
    await eventually(async () => {
      await client.flush();
      expect(client.stats().queued).toBe(0);
    }, 30_000);

    const rows = await tracker.rows(B.burst);
    // Every event sent (n = 0..1200) is stored once or reported dropped, never both, never neither.
    const stored = rows.map((row) => JSON.parse(row.metadata ?? '{}').n as number);
    const dropped = (errors.lost.dropped ?? []).map((event) => event.metadata?.n as number);
    expect([...stored, ...dropped].sort((a, b) => a - b)).toEqual(Array.from({ length: 1201 }, (_, n) => n));
    expectAccounted(client.stats(), 1201, rows.length);
    // A larger default batch in Node, and more than one request at a time.
    expect(Math.max(...batchSizes)).toBe(100);
    expect(mostInFlight).toBeGreaterThan(1);
    await client.destroy();
  });
});

describe('lifecycle and reporting in Node', () => {
  it('keeps one tracker per bucket until destroy(), which flushes and unhooks it', async () => {
    const listeners = process.listenerCount('beforeExit');
    const first = createTracker({ endpoint, bucket: B.lifecycle });
    expect(createTracker({ endpoint, bucket: B.lifecycle })).toBe(first);
    expect(process.listenerCount('beforeExit')).toBe(listeners + 1);

    await first.track('before_destroy');
    expect(await first.destroy()).toEqual({ ok: true });
    expect(process.listenerCount('beforeExit')).toBe(listeners);
    expect(await first.track('after_destroy')).toMatchObject({ ok: false, error: { code: 'ignored' } });

    const second = createTracker({ endpoint, bucket: B.lifecycle });
    expect(second).not.toBe(first);
    await second.track('second');
    await second.destroy();
    const rows = await tracker.rows(B.lifecycle);
    expect(rows.map((row) => row.eventType).sort()).toEqual(['before_destroy', 'second']);
    expectAccounted(first.stats(), 2, 1);
  });

  it('warns on the console in development, and stays silent in production', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const environment = process.env.NODE_ENV;
    try {
      const client = createTracker({ endpoint, bucket: B.warn, beforeSend: () => null });
      process.env.NODE_ENV = 'development';
      await client.track('dropped_in_development');
      process.env.NODE_ENV = 'production';
      await client.track('dropped_in_production');
      expect(warn).toHaveBeenCalledTimes(1);
      const [prefix, code, , events] = warn.mock.calls[0] ?? [];
      expect([prefix, code]).toEqual(['analytics-tracker:', 'dropped']);
      expect((events as TrackerEvent[]).map((event) => event.eventType)).toEqual(['dropped_in_development']);
      expect(client.stats()).toMatchObject({ dropped: 2 });
      await client.destroy();
    } finally {
      process.env.NODE_ENV = environment;
      warn.mockRestore();
    }
  });
});
