import { describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import { compactedDayPrefix, compactionSelectSql, compactionSql } from './compaction.js';
import { partitionDay } from './partition-day.js';
import { readingView, readingViewSql } from './reading-view.js';
import { tableDefinition } from './table-definition.js';

const app = { name: 'app1', bucket: 'app1-analytics-prod' };
const view = readingView(tableDefinition(config, app), app);
// 1 March: the day before is in February, so the look-back crosses a month end.
const day = partitionDay('2026-03-01');

describe('compactionSql: one definition, two renderings', () => {
  const athena = compactionSql(view, day, { engine: 'athena' });
  const duckdb = compactionSql(view, day, { engine: 'duckdb', file: "/data/it's/events.parquet" });

  it('Athena: INSERT INTO the compacted table, the SELECT with partition columns last', () => {
    expect(athena).toBe(
      `INSERT INTO analytics_db.app1_events_compacted\n${compactionSelectSql(view, day, { partitions: true })}`,
    );
    const select = athena.slice(athena.indexOf('SELECT'), athena.indexOf('FROM ('));
    expect(
      select
        .trim()
        .split('\n')
        .slice(-3)
        .map((line) => line.trim()),
    ).toEqual(['"year" AS "year",', '"month" AS "month",', '"day" AS "day"']);
  });

  it('DuckDB: COPY the same SELECT, without partition columns (they are the folder names), to ZSTD Parquet', () => {
    expect(duckdb).toBe(
      `COPY (\n${compactionSelectSql(view, day, { partitions: false })}\n) TO '/data/it''s/events.parquet' (FORMAT parquet, COMPRESSION zstd)`,
    );
    expect(duckdb).not.toContain('"year" AS "year"');
  });

  it('the two SELECTs differ only by the partition columns', () => {
    const withPartitions = compactionSelectSql(view, day, { partitions: true });
    const without = compactionSelectSql(view, day, { partitions: false });
    const dropPartitions = withPartitions
      .split('\n')
      .filter((line) => !/^\s+"(year|month|day)" AS "(year|month|day)",?$/.test(line))
      .join('\n');
    // The last kept column loses its trailing comma when the partitions are not listed after it.
    expect(dropPartitions.replace(/,\nFROM \(/, '\nFROM (')).toBe(without);
  });

  it('reads the day and the day before it (28 February), sorted by event type then time', () => {
    const select = compactionSelectSql(view, day, { partitions: true });
    expect(select).toContain(
      `'2026' AS "year", '03' AS "month", '01' AS "day", '2026' AS "previous_year", '02' AS "previous_month", '28' AS "previous_day"`,
    );
    expect(select.endsWith('ORDER BY "eventtype", "timestamp", "eventid"')).toBe(true);
  });

  it('counts a day by the rule the reading view uses for raw days (one shared text)', () => {
    const rule = (sql: string) => sql.slice(sql.indexOf('FROM (\n  SELECT raw.*'), sql.indexOf('  JOIN '));
    expect(rule(compactionSql(view, day, { engine: 'athena' }))).toBe(rule(readingViewSql(view)));
  });

  it('names the prefix that a re-run on Athena empties first', () => {
    expect(compactedDayPrefix(day)).toBe('compacted/year=2026/month=03/day=01/');
  });
});

describe('partitionDay', () => {
  it.each(['2026-02-29', '2026-13-01', '26-01-01', "2026-01-01' OR '1'='1", '2023-12-31', ''])(
    'refuses %j',
    (text) => {
      expect(() => partitionDay(text)).toThrow(/Not a day/);
    },
  );

  it('accepts a leap day', () => {
    expect(partitionDay('2028-02-29')).toEqual({ year: '2028', month: '02', day: '29' });
  });
});
