import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTracker } from '../src/index.js';
import { eventually, startTestTracker, type TestTracker } from './offline-helpers.js';

const BUCKETS = [
  'node-basic-analytics',
  'node-count-analytics',
  'node-lost-analytics',
  'node-503-analytics',
  'node-drop-analytics',
  'node-exit-analytics',
];
const [BASIC, COUNT, LOST, UNAVAILABLE, DROP, EXIT] = BUCKETS as [
  string,
  string,
  string,
  string,
  string,
  string,
];

let tracker: TestTracker;
let endpoint: string;

beforeAll(async () => {
  tracker = await startTestTracker(BUCKETS);
  endpoint = tracker.server.url;
});
afterAll(() => tracker.stop());

describe('createTracker in Node, against the offline tracker', () => {
  it('sends typed events, page views and the identified user in one batch on flush', async () => {
    type Events = { signup: { plan: 'free' | 'pro' }; logout: undefined };
    const client = createTracker<Events>({ endpoint: `${endpoint}/`, bucket: BASIC });

    expect(await client.identify('user-42')).toEqual({ ok: true });
    expect(await client.track('signup', { plan: 'pro' })).toEqual({ ok: true });
    expect(await client.track('logout')).toEqual({ ok: true });
    expect(await client.pageView('/pricing?utm_source=newsletter')).toEqual({ ok: true });
    expect(client.stats()).toMatchObject({ queued: 3, delivered: 0 });
    expect(await client.flush()).toEqual({ ok: true });
    expect(client.stats()).toEqual({
      queued: 0,
      delivered: 3,
      rejected: 0,
      dropped: 0,
      ignored: 0,
      failed: 0,
    });

    const rows = await tracker.rows(BASIC);
    expect(rows.map((row) => [row.eventType, row.userId, row.page]).sort()).toEqual([
      ['logout', 'user-42', null],
      ['page_view', 'user-42', '/pricing?utm_source=newsletter'],
      ['signup', 'user-42', null],
    ]);
    const signup = rows.find((row) => row.eventType === 'signup');
    expect(JSON.parse(signup?.metadata ?? 'null')).toEqual({ plan: 'pro' });
    expect(rows.find((row) => row.eventType === 'page_view')?.utm.source).toBe('newsletter');
    expect(new Set(rows.map((row) => row.eventId)).size).toBe(3);
  });

  it('sends on its own once batchSize events are waiting', async () => {
    const client = createTracker({ endpoint, bucket: COUNT, batchSize: 3, flushInterval: 60_000 });
    for (const n of [1, 2, 3]) await client.track('step', { n });
    const rows = await eventually(async () => {
      const stored = await tracker.rows(COUNT);
      expect(stored).toHaveLength(3);
      return stored;
    });
    expect(rows.map((row) => row.eventType)).toEqual(['step', 'step', 'step']);
  });

  it('resends the same batch when a response is lost, and the server keeps it once', async () => {
    let calls = 0;
    const client = createTracker({
      endpoint,
      bucket: LOST,
      // Fault injection: the first request reaches the server, but its response never comes back.
      fetch: async (url, init) => {
        const response = await fetch(url, init);
        calls += 1;
        if (calls === 1) throw new TypeError('network error');
        return response;
      },
    });
    for (const n of [1, 2, 3, 4]) await client.track('click', { n });

    const first = await client.flush();
    expect(first.ok ? undefined : first.error.code).toBe('retrying');
    expect(client.stats().queued).toBe(4);
    expect(await client.flush()).toEqual({ ok: true });

    expect(calls).toBe(2);
    const rows = await tracker.rows(LOST);
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((row) => row.eventId)).size).toBe(4);
  });

  it('keeps events through 503 (storage down) and delivers them exactly once afterwards', async () => {
    const client = createTracker({ endpoint, bucket: UNAVAILABLE });
    await client.track('purchase', { total: 42 });
    tracker.storageDown = true;
    const down = await client.flush();
    tracker.storageDown = false;

    expect(down).toMatchObject({ ok: false, error: { code: 'retrying', status: 503 } });
    expect(client.stats().queued).toBe(1);
    expect(await client.flush()).toEqual({ ok: true });
    expect(await client.flush()).toEqual({ ok: true });
    expect((await tracker.rows(UNAVAILABLE)).map((row) => row.eventType)).toEqual(['purchase']);
  });

  it('does not retry a batch the server refuses with a 4xx', async () => {
    let calls = 0;
    const client = createTracker({
      endpoint,
      bucket: 'not-allowed-bucket',
      fetch: (url, init) => {
        calls += 1;
        return fetch(url, init);
      },
    });
    await client.track('click');
    expect(await client.flush()).toMatchObject({ ok: false, error: { code: 'rejected', status: 403 } });
    expect(client.stats()).toMatchObject({ queued: 0, rejected: 1 });
    expect(await client.flush()).toEqual({ ok: true });
    expect(calls).toBe(1);
  });

  it('lets beforeSend edit or drop events', async () => {
    const client = createTracker({
      endpoint,
      bucket: DROP,
      beforeSend: (event) =>
        event.eventType === 'secret' ? null : { ...event, metadata: { ...event.metadata, edited: true } },
    });
    expect(await client.track('secret')).toMatchObject({ ok: false, error: { code: 'dropped' } });
    expect(await client.track('visible', { a: 1 })).toEqual({ ok: true });
    await client.flush();
    const rows = await tracker.rows(DROP);
    expect(rows.map((row) => [row.eventType, JSON.parse(row.metadata ?? 'null')])).toEqual([
      ['visible', { a: 1, edited: true }],
    ]);
  });

  it('never throws into the caller, even when fetch itself throws (the events stay queued)', async () => {
    const client = createTracker({
      endpoint,
      bucket: 'node-broken-analytics',
      fetch: () => {
        throw new Error('no fetch here');
      },
      beforeSend: (event) => (event.eventType === 'boom' ? JSON.parse('{') : event),
    });
    expect(await client.track('boom')).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(await client.track('fine')).toEqual({ ok: true });
    expect(await client.flush()).toMatchObject({ ok: false, error: { code: 'retrying' } });
    expect(client.stats()).toMatchObject({ queued: 1, failed: 1 });
    await client.destroy();
  });

  it('flushes before a Node process exits on its own', async () => {
    const fixture = join(import.meta.dirname, 'fixtures', 'exit-flush.ts');
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--conditions=@analytics-tracker/source', fixture, endpoint, EXIT],
      { cwd: join(import.meta.dirname, '..') },
    );
    const rows = await tracker.rows(EXIT);
    expect(rows.map((row) => [row.eventType, row.metadata])).toEqual([['job_finished', '{"items":3}']]);
  });
});
