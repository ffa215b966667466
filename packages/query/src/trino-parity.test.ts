import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalEngine } from './duckdb-engine.js';
import type { QueryEngine } from './result.js';

// Each expected value is Trino's (Athena engine v3) answer, written from the Trino documentation
// (trinodb/trino, docs/src/main/sphinx/functions/*.md) next to the query, never from a DuckDB run.
const TRINO_DOCS = {
  datetime: 'functions/datetime.md',
  math: 'functions/math.md',
  json: 'functions/json.md',
  aggregate: 'functions/aggregate.md',
} as const;

let dataDir: string;
let engine: QueryEngine;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'trino-parity-'));
  engine = await createLocalEngine({ dataDir, config: { glueDatabase: 'analytics_db', apps: [] } });
});

afterAll(async () => {
  await engine?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function value(sql: string): Promise<unknown> {
  const { rows } = await engine.run(sql);
  return rows[0]?.[0];
}

describe('local DuckDB answers what Athena (Trino) answers', () => {
  it(`date_diff counts whole units elapsed, not boundaries crossed (${TRINO_DOCS.datetime}, date_diff)`, async () => {
    // Doc example: date_diff('second', 12:30:45.000, next day 12:30:45.123456789) → 86400
    expect(
      await value(
        "SELECT date_diff('second', TIMESTAMP '2020-06-01 12:30:45.000', TIMESTAMP '2020-06-02 12:30:45.123456')",
      ),
    ).toBe(86400);
    // "Returns timestamp2 - timestamp1 expressed in terms of unit": 0.2 s is 0 whole seconds.
    expect(
      await value(
        "SELECT date_diff('second', TIMESTAMP '2020-06-01 10:00:00.900', TIMESTAMP '2020-06-01 10:00:01.100')",
      ),
    ).toBe(0);
    // 23:00 to 01:00 the next day is 2 hours: 0 whole days.
    expect(
      await value(
        "SELECT date_diff('day', TIMESTAMP '2020-03-01 23:00:00', TIMESTAMP '2020-03-02 01:00:00')",
      ),
    ).toBe(0);
  });

  it(`divides integers as integers, truncating toward zero (${TRINO_DOCS.math}, "/" operator)`, async () => {
    // Trino: 7 / 2 → 3, -7 / 2 → -3 (integer division truncates); a decimal operand stays exact.
    expect(await value('SELECT 7 / 2')).toBe(3);
    expect(await value('SELECT -7 / 2')).toBe(-3);
    expect(await value('SELECT 7.0 / 2')).toBe(3.5);
  });

  it(`from_iso8601_timestamp reads the offset: the instant is the one written (${TRINO_DOCS.datetime})`, async () => {
    // Doc example: from_iso8601_timestamp('2020-05-11T11:15:05.055+01:00') → 2020-05-11 11:15:05.055 +01:00,
    // the instant 10:15:05.055 UTC: 1589192105.055 (date -u -d 2020-05-11T10:15:05Z +%s = 1589192105).
    expect(await value("SELECT to_unixtime(from_iso8601_timestamp('2020-05-11T11:15:05.055+01:00'))")).toBe(
      1589192105.055,
    );
    expect(
      await value(
        "SELECT from_iso8601_timestamp('2020-05-11T11:15:05.055+01:00') = from_iso8601_timestamp('2020-05-11T10:15:05.055Z')",
      ),
    ).toBe(true);
  });

  it.each([
    // Trino's specifier table (MySQL date functions): %h hour 01..12, %k 0..23, %l 1..12,
    // %r = %h:%i:%s %p, %v week 01..53 Monday first (ISO) with %x its year, %f 6 digits of a
    // millisecond time. 2021-01-03 is a Sunday of ISO week 2020-W53; 2021-01-04 starts 2021-W01.
    ['%h', '2021-01-03 15:04:05.123', '03'],
    ['%k', '2021-01-04 07:08:09.000', '7'],
    ['%l', '2021-01-03 15:04:05.123', '3'],
    ['%r', '2021-01-03 15:04:05.123', '03:04:05 PM'],
    ['%v', '2021-01-03 15:04:05.123', '53'],
    ['%x', '2021-01-03 15:04:05.123', '2020'],
    ['%x-%v', '2021-01-04 07:08:09.000', '2021-01'],
    ['%f', '2021-01-03 15:04:05.123', '123000'],
    ['%Y-%m-%d %H:%i:%s', '2021-01-03 15:04:05.123', '2021-01-03 15:04:05'],
  ])(
    `date_format(ts, '%s') as Trino prints it (${TRINO_DOCS.datetime}, MySQL date functions)`,
    async (format, ts, expected) => {
      expect(await value(`SELECT date_format(TIMESTAMP '${ts}', '${format}')`)).toBe(expected);
    },
  );

  it(`date_format refuses %u like Trino ("not currently supported: %D %U %u %V %w %X", ${TRINO_DOCS.datetime})`, async () => {
    await expect(value("SELECT date_format(TIMESTAMP '2021-01-03 15:04:05', '%u')")).rejects.toThrow(/%u/);
  });

  it(`json_extract_scalar gives NULL, not an error, for text that is not JSON (${TRINO_DOCS.json})`, async () => {
    // Trino parses the varchar argument and answers NULL when it is not JSON; a scalar reads as text,
    // an object or array as NULL ("the value referenced by json_path must be a scalar").
    expect(await value("SELECT json_extract_scalar('not json', '$.plan')")).toBeNull();
    expect(await value('SELECT json_extract_scalar(\'{"plan":"pro"}\', \'$.plan\')')).toBe('pro');
    expect(await value("SELECT json_extract_scalar('[1, 2, 3]', '$[2]')")).toBe('3');
    expect(await value('SELECT json_extract_scalar(\'{"a":{"b":1}}\', \'$.a\')')).toBeNull();
  });

  it(`date_trunc on a date returns a date ("date_trunc(unit, x) → [same as input]", ${TRINO_DOCS.datetime})`, async () => {
    const result = await engine.run("SELECT date_trunc('month', DATE '2020-05-11') AS d");
    expect(result.columns[0]?.type).toBe('DATE');
    expect(result.rows[0]?.[0]).toBe('2020-05-01');
    // Doc example: date_trunc('month', TIMESTAMP '2022-10-20 05:10:00') → 2022-10-01 00:00:00.000
    expect(await value("SELECT CAST(date_trunc('month', TIMESTAMP '2022-10-20 05:10:00') AS VARCHAR)")).toBe(
      '2022-10-01 00:00:00',
    );
  });

  it(`approx_distinct stays within Trino's 2.3% standard error, and is 0 over NULLs only (${TRINO_DOCS.aggregate})`, async () => {
    const estimate = Number(await value('SELECT approx_distinct(x) FROM range(1000) AS t(x)'));
    expect(Math.abs(estimate - 1000)).toBeLessThanOrEqual(23);
    expect(await value('SELECT approx_distinct(x) FROM (SELECT CAST(NULL AS INTEGER) AS x) AS t')).toBe(0);
  });
});
