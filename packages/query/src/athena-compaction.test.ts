import { compactionSql, partitionDay, readingView, tableDefinition } from '@analytics-tracker/schema';
import { describe, expect, it } from 'vitest';
import { type CompactionStore, compactOnAthena, scheduledDays } from './athena-compaction.js';
import type { QueryEngine } from './result.js';

// No Athena runs here: the engine records the statements it is given (and can be told to fail one),
// and the bucket is a list of keys. What is under test is which days are compacted, in what order
// the day is emptied and written, and that one failure neither stops the others nor goes unreported.

const config = {
  glueDatabase: 'analytics_db',
  apps: [
    { name: 'app1', bucket: 'app1-analytics-prod' },
    { name: 'app2', bucket: 'app2-analytics-staging' },
  ],
  compaction: { rawRetentionDays: 7 },
};
const now = new Date('2026-03-02T01:30:00.000Z');

function bucketStore(keys: Record<string, string[]>) {
  const log: string[] = [];
  const store: CompactionStore = {
    async hasObjects(bucket, prefix) {
      return (keys[bucket] ?? []).some((key) => key.startsWith(prefix));
    },
    async deleteAll(bucket, prefix) {
      const before = keys[bucket] ?? [];
      keys[bucket] = before.filter((key) => !key.startsWith(prefix));
      log.push(`delete ${bucket}/${prefix}`);
      return before.length - (keys[bucket] ?? []).length;
    },
    async put(bucket, key) {
      keys[bucket] = [...(keys[bucket] ?? []), key];
      log.push(`put ${bucket}/${key}`);
    },
  };
  return { store, log, keys };
}

function recordingEngine(log: string[], failWhen?: (sql: string) => boolean): QueryEngine {
  return {
    async run(sql) {
      log.push(sql);
      if (failWhen?.(sql)) throw new Error('Athena query q-9 FAILED: HIVE_BAD_DATA');
      return { columns: [], rows: [], returnsRows: false };
    },
    async close() {},
  };
}

const insertFor = (app: (typeof config.apps)[number], day: string) =>
  compactionSql(readingView(tableDefinition(config, app), app), partitionDay(day), { engine: 'athena' });
const [app1, app2] = config.apps as [(typeof config.apps)[0], (typeof config.apps)[0]];

describe('scheduledDays', () => {
  it('looks from yesterday back to the oldest day whose raw JSON and previous day are still kept', () => {
    // 7 days of retention on 2 March: 1 March back to 25 February (its previous day, the 24th, is the
    // oldest raw day still kept).
    expect(scheduledDays(now, 7).map((day) => `${day.year}-${day.month}-${day.day}`)).toEqual([
      '2026-03-01',
      '2026-02-28',
      '2026-02-27',
      '2026-02-26',
      '2026-02-25',
    ]);
  });
});

describe('compactOnAthena', () => {
  it('compacts each day with raw JSON and nothing compacted, emptying its prefix before INSERT INTO', async () => {
    const { store, log } = bucketStore({
      'app1-analytics-prod': [
        'analytics/year=2026/month=03/day=01/a.json',
        'analytics/year=2026/month=02/day=27/b.ndjson.gz',
        'analytics/year=2026/month=02/day=26/c.json',
        'compacted/year=2026/month=02/day=26/20260227_013012_x.parquet',
        'compacted/year=2026/month=02/day=26/_COMPACTED',
        // A run died after writing part of the 27th: no marker, so it is compacted again.
        'compacted/year=2026/month=02/day=27/20260228_013012_half.parquet',
      ],
      'app2-analytics-staging': [],
    });
    const results = await compactOnAthena({ engine: recordingEngine(log), store, config, now });
    expect(results.filter((result) => result.outcome !== 'no-raw-data')).toEqual([
      { app: 'app1', day: '2026-03-01', outcome: 'compacted', replacedObjects: 0 },
      { app: 'app1', day: '2026-02-27', outcome: 'compacted', replacedObjects: 1 },
      { app: 'app1', day: '2026-02-26', outcome: 'already-compacted' },
    ]);
    expect(log).toEqual([
      'delete app1-analytics-prod/compacted/year=2026/month=03/day=01/',
      insertFor(app1, '2026-03-01'),
      'put app1-analytics-prod/compacted/year=2026/month=03/day=01/_COMPACTED',
      'delete app1-analytics-prod/compacted/year=2026/month=02/day=27/',
      insertFor(app1, '2026-02-27'),
      'put app1-analytics-prod/compacted/year=2026/month=02/day=27/_COMPACTED',
    ]);
  });

  it('a day asked for is compacted again: its old objects are deleted first, so it is replaced, not doubled', async () => {
    const { store, log, keys } = bucketStore({
      'app1-analytics-prod': [
        'analytics/year=2026/month=02/day=26/c.json',
        'compacted/year=2026/month=02/day=26/old-1.parquet',
        'compacted/year=2026/month=02/day=26/old-2.parquet',
        'compacted/year=2026/month=02/day=25/keep.parquet',
      ],
    });
    const results = await compactOnAthena({
      engine: recordingEngine(log),
      store,
      config,
      now,
      day: partitionDay('2026-02-26'),
    });
    expect(results[0]).toEqual({ app: 'app1', day: '2026-02-26', outcome: 'compacted', replacedObjects: 2 });
    expect(keys['app1-analytics-prod']).not.toContain('compacted/year=2026/month=02/day=26/old-1.parquet');
    expect(log.slice(0, 2)).toEqual([
      'delete app1-analytics-prod/compacted/year=2026/month=02/day=26/',
      insertFor(app1, '2026-02-26'),
    ]);
    expect(keys['app1-analytics-prod']).toContain('compacted/year=2026/month=02/day=25/keep.parquet');
  });

  it('one failing day is reported with its reason, and the other apps are still compacted', async () => {
    const { store, log } = bucketStore({
      'app1-analytics-prod': ['analytics/year=2026/month=03/day=01/a.json'],
      'app2-analytics-staging': ['analytics/year=2026/month=03/day=01/b.json'],
    });
    const engine = recordingEngine(log, (sql) => sql.includes('app1_events_compacted'));
    const results = await compactOnAthena({ engine, store, config, now, day: partitionDay('2026-03-01') });
    expect(results).toEqual([
      { app: 'app1', day: '2026-03-01', outcome: 'failed', error: 'Athena query q-9 FAILED: HIVE_BAD_DATA' },
      { app: 'app2', day: '2026-03-01', outcome: 'compacted', replacedObjects: 0 },
    ]);
    expect(log).toContain(insertFor(app2, '2026-03-01'));
    // The failed day gets no marker, so the next run compacts it again.
    expect(log).not.toContain('put app1-analytics-prod/compacted/year=2026/month=03/day=01/_COMPACTED');
  });
});
