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

  it('fills {{events}} with the app’s reading view filtered on the partitions of the range', () => {
    expect(querySql(queries, 'n', { database: 'analytics_db', apps: [{ name: 'app1' }], range })).toBe(
      `-- name: n
SELECT count(*) FROM (
    SELECT 'app1' AS app, * FROM analytics_db.app1_events_dedup
    WHERE year IN ('2025') AND month IN ('02', '03')
      AND concat(year, '-', month, '-', day) BETWEEN '2025-02-27' AND '2025-03-02'
  ) AS events`,
    );
  });

  it('"all apps" is a UNION ALL with the same filter on every table', () => {
    const sql = eventsSubquery({
      database: 'analytics_db',
      apps: [{ name: 'app1' }, { name: 'app2' }],
      range,
    });
    expect(sql.match(/BETWEEN '2025-02-27' AND '2025-03-02'/g)).toHaveLength(2);
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
      'Query a uses {{app}}; only {{events}} and {{now}} are filled in',
    );
    expect(() => parseDashboardQueries('-- name: a\nSELECT 1;', ['a', 'top_pages'])).toThrow(
      'Missing queries: top_pages',
    );
  });
});
