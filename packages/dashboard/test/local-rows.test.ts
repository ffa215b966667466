import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCompactCli } from '@analytics-tracker/query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import { type LocalRows, openLocalRows } from '../src/index.js';
import { A, B, startTestTracker, type TestTracker } from './known-events.js';

let dataDir: string;
let tracker: TestTracker;
let local: LocalRows;

const count = async (sql: string) => {
  const result = await local.engine.run(sql);
  return result.rows[0]?.[0];
};
const pages = () =>
  local.engine.run('SELECT page FROM analytics_db.app1_events_dedup ORDER BY servertimestamp, page');

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'dashboard-local-rows-'));
  tracker = await startTestTracker(dataDir, config);
  await tracker.send(A, '2025-03-15T09:00:00.000Z', { eventType: 'page_view', page: '/', sessionId: 's1' });
  local = await openLocalRows({ dataDir, config });
}, 60_000);

afterAll(async () => {
  await local?.engine.close();
  await tracker?.server.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the dashboard’s in-memory rows follow the stored objects', () => {
  it('reads what was stored when opened', async () => {
    expect((await pages()).rows).toEqual([['/']]);
  });

  it('a new object is read on refresh; nothing new leaves it unchanged', async () => {
    expect(await local.refresh()).toBe('unchanged');
    await tracker.send(B, '2025-03-15T09:05:00.000Z', {
      eventType: 'page_view',
      page: '/pricing',
      sessionId: 's2',
    });
    expect(await local.refresh()).toBe('updated');
    expect((await pages()).rows).toEqual([['/'], ['/pricing']]);
    expect(await local.refresh()).toBe('unchanged');
  });

  it('an eventId reused later with other content keeps the first stored copy (as the reading view says)', async () => {
    await tracker.send(A, '2025-03-15T09:10:00.000Z', {
      eventType: 'page_view',
      page: '/first',
      sessionId: 's1',
      eventId: 'reused-id-0001',
    });
    expect(await local.refresh()).toBe('updated');
    await tracker.send(A, '2025-03-15T09:20:00.000Z', {
      eventType: 'page_view',
      page: '/second',
      sessionId: 's1',
      eventId: 'reused-id-0001',
    });
    expect(await local.refresh()).toBe('updated');
    expect((await pages()).rows).toEqual([['/'], ['/pricing'], ['/first']]);
    // The same rows as opening afresh, which computes the reading view over everything at once.
    const fresh = await openLocalRows({ dataDir, config });
    try {
      const all = 'SELECT * FROM analytics_db.app1_events_dedup ORDER BY eventid';
      expect((await local.engine.run(all)).rows).toEqual((await fresh.engine.run(all)).rows);
    } finally {
      await fresh.engine.close();
    }
    // The raw rows keep both copies, as the raw table does.
    expect(
      await count("SELECT count(*) FROM analytics_db.app1_events WHERE eventid = 'reused-id-0001'"),
    ).toBe(2);
  });

  it('after npm run compact, a new event read on refresh counts once, like opening afresh', async () => {
    const quiet = { write: () => true };
    const code = await runCompactCli(['--data-dir', dataDir], {
      cwd: new URL('../../../', import.meta.url).pathname,
      env: {},
      stdout: quiet,
      stderr: quiet,
    });
    expect(code).toBe(0);
    const compacted = await openLocalRows({ dataDir, config });
    try {
      // The compacted day holds 2025-03-15's three page views (one id reused: counted once).
      expect(
        (await compacted.engine.run('SELECT count(*) FROM analytics_db.app1_events_compacted')).rows,
      ).toEqual([[3]]);
      // A new event without an eventId is stored today (the server's day), not in the compacted one.
      await tracker.send(B, new Date().toISOString(), {
        eventType: 'page_view',
        page: '/after',
        sessionId: 's3',
      });
      expect(await compacted.refresh()).toBe('updated');
      const all = 'SELECT page FROM analytics_db.app1_events_dedup ORDER BY page';
      expect((await compacted.engine.run(all)).rows).toEqual([['/'], ['/after'], ['/first'], ['/pricing']]);
      const fresh = await openLocalRows({ dataDir, config });
      try {
        expect((await compacted.engine.run(all)).rows).toEqual((await fresh.engine.run(all)).rows);
      } finally {
        await fresh.engine.close();
      }
    } finally {
      await compacted.engine.close();
    }
  }, 60_000);

  it('an emptied data folder drops the rows of the objects that are gone', async () => {
    await rm(join(dataDir, 's3', 'app1-analytics-prod', 'analytics'), { recursive: true, force: true });
    expect(await local.refresh()).toBe('updated');
    // Only the compacted day is left (its Parquet file stays): 09:00 /, 09:05 /pricing, 09:10 /first.
    expect((await pages()).rows).toEqual([['/'], ['/pricing'], ['/first']]);
    expect(await count('SELECT count(*) FROM analytics_db.app1_events')).toBe(0);
  });
});
