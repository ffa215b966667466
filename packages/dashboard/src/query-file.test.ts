import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { QueryFileError } from './errors.js';
import { eventsSubquery } from './events-source.js';
import { PANEL_QUERY_NAMES } from './panels.js';
import { parseDashboardQueries, querySql } from './query-file.js';

const text = await readFile(new URL('../../../sql/dashboard-queries.sql', import.meta.url), 'utf8');
const range = { from: '2025-02-27', to: '2025-03-02', days: 4 };

describe('sql/dashboard-queries.sql', () => {
  const queries = parseDashboardQueries(text, PANEL_QUERY_NAMES);

  it('holds exactly the queries the page needs, each reading {{events}} (so each is partition-filtered)', () => {
    expect([...queries.keys()].sort()).toEqual([...PANEL_QUERY_NAMES].sort());
    for (const [name, sql] of queries) {
      expect(sql, name).toContain('{{events}}');
      expect(sql.startsWith(`-- name: ${name}\n`), name).toBe(true);
    }
  });

  it('every figure except the bots panel leaves bots out', () => {
    for (const [name, sql] of queries) {
      expect(sql, name).toMatch(name === 'bots' ? /WHERE device\.is_bot/ : /NOT device\.is_bot/);
    }
  });
});

describe('querySql', () => {
  const queries = parseDashboardQueries('-- name: n\nSELECT count(*) FROM {{events}};', ['n']);

  // The partition days widen the range by a day on each side (an event's believed client time may
  // lie a day before its arrival, or an hour after); the event time then keeps the range exactly.
  it('fills {{events}} with the app’s reading view filtered on the partitions and the instants of the range', () => {
    expect(querySql(queries, 'n', { database: 'analytics_db', apps: [{ name: 'app1' }], range })).toBe(
      `-- name: n
SELECT count(*) FROM (
    SELECT 'app1' AS app, * FROM analytics_db.app1_events_dedup
    WHERE year IN ('2025') AND month IN ('02', '03')
      AND concat(year, '-', month, '-', day) BETWEEN '2025-02-26' AND '2025-03-03'
      AND from_iso8601_timestamp("timestamp") >= from_iso8601_timestamp('2025-02-27T00:00:00.000Z')
      AND from_iso8601_timestamp("timestamp") < from_iso8601_timestamp('2025-03-03T00:00:00.000Z')
  ) AS events`,
    );
  });

  // New York is UTC-5 in February (EST): its 27 February starts at 05:00 UTC. Partitions in Tokyo
  // (UTC+9): a day before 27 Feb 05:00 UTC is 26 Feb 14:00 there; the last instant a day after the
  // range's end (3 Mar 05:00 UTC) is 4 Mar 04:59:59.999 UTC, 4 Mar 13:59 there.
  it('reads the range in the page’s zone and the partitions in the partition zone', () => {
    const zoned = parseDashboardQueries(
      '-- name: z\nSELECT {{time_zone}}, {{range_start}} FROM {{events}};',
      ['z'],
    );
    const sql = querySql(zoned, 'z', {
      database: 'analytics_db',
      apps: [{ name: 'app1' }],
      range,
      timeZone: 'America/New_York',
      partitionTimeZone: 'Asia/Tokyo',
    });
    expect(sql).toContain("SELECT 'America/New_York', '2025-02-27T05:00:00.000Z' FROM");
    expect(sql).toContain("BETWEEN '2025-02-26' AND '2025-03-04'");
    expect(sql).toContain(">= from_iso8601_timestamp('2025-02-27T05:00:00.000Z')");
    expect(sql).toContain("< from_iso8601_timestamp('2025-03-03T05:00:00.000Z')");
    expect(() =>
      querySql(zoned, 'z', { database: 'analytics_db', apps: [{ name: 'app1' }], range, timeZone: "UTC'--" }),
    ).toThrow('tz must be an IANA time zone');
    // An alias the config schema accepts (the tz database's backward file: US/Eastern is New York).
    const alias = querySql(zoned, 'z', {
      database: 'analytics_db',
      apps: [{ name: 'app1' }],
      range,
      timeZone: 'US/Eastern',
    });
    expect(alias).toContain("SELECT 'US/Eastern', '2025-02-27T05:00:00.000Z' FROM");
  });

  it('"all apps" is a UNION ALL with the same filter on every table', () => {
    const sql = eventsSubquery({
      database: 'analytics_db',
      apps: [{ name: 'app1' }, { name: 'app2' }],
      range,
    });
    expect(sql.match(/BETWEEN '2025-02-26' AND '2025-03-03'/g)).toHaveLength(2);
    expect(sql).toContain("SELECT 'app1' AS app, * FROM analytics_db.app1_events_dedup");
    expect(sql).toContain('UNION ALL');
    expect(sql).toContain("SELECT 'app2' AS app, * FROM analytics_db.app2_events_dedup");
  });

  it('never writes an unvalidated day or name into the SQL', () => {
    const source = { database: 'analytics_db', apps: [{ name: 'app1' }] };
    expect(() =>
      querySql(queries, 'n', { ...source, range: { ...range, to: "2025-03-02' OR '1'='1" } }),
    ).toThrow('to must be a date written YYYY-MM-DD');
    expect(() => querySql(queries, 'n', { ...source, apps: [{ name: 'x; DROP TABLE y' }], range })).toThrow(
      'Not a table name',
    );
  });

  it('rejects files with unnamed statements, unknown placeholders or missing queries', () => {
    expect(() => parseDashboardQueries('SELECT 1;', [])).toThrow(QueryFileError);
    expect(() => parseDashboardQueries('-- name: a\nSELECT {{app}};', [])).toThrow(
      'Query a uses {{app}}; only {{events}}, {{now}}, {{time_zone}}, {{range_start}} are filled in',
    );
    expect(() => parseDashboardQueries('-- name: a\nSELECT 1;', ['a', 'top_pages'])).toThrow(
      'Missing queries: top_pages',
    );
  });
});
