import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastDaysSql } from '@analytics-tracker/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalEngine, type QueryEngine, rowObjects, splitSql } from '../src/index.js';

// "The last 30 days" must mean the same 30 partitions in the example queries and on the dashboard.
const examples = splitSql(
  await readFile(new URL('../../../sql/example-queries.sql', import.meta.url), 'utf8'),
);
const WINDOW =
  /concat\(year, '-', month, '-', day\) BETWEEN [^\n]*?'%Y-%m-%d'\) AND date_format\(current_date, '%Y-%m-%d'\)/g;

let dir: string;
let engine: QueryEngine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'query-window-'));
  engine = await createLocalEngine({ dataDir: dir, config: { glueDatabase: 'analytics_db', apps: [] } });
});

afterAll(async () => {
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The days of `candidates` the window keeps when "today" is `today`, on DuckDB with the Trino macros. */
async function keptDays(days: number, today: string, candidates: readonly string[]): Promise<string[]> {
  const values = candidates
    .map((day) => {
      const [year, month, dayOfMonth] = day.split('-');
      return `('${year}', '${month}', '${dayOfMonth}')`;
    })
    .join(', ');
  const sql =
    `SELECT concat(year, '-', month, '-', day) AS d FROM (VALUES ${values}) AS t(year, month, day) ` +
    `WHERE ${lastDaysSql(days, `DATE '${today}'`)} ORDER BY d`;
  return rowObjects(await engine.run(sql)).map((row) => String(row.d));
}

/** Every day from `from` to `to` as YYYY-MM-DD, counted on a calendar by hand (month lengths below). */
function calendar(from: [number, number, number], to: [number, number, number]): string[] {
  const monthLength = (year: number, month: number) =>
    [
      31,
      year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28,
      31,
      30,
      31,
      30,
      31,
      31,
      30,
      31,
      30,
      31,
    ][month - 1] ?? 0;
  const out: string[] = [];
  let [year, month, day] = from;
  const pad = (n: number) => String(n).padStart(2, '0');
  for (;;) {
    out.push(`${year}-${pad(month)}-${pad(day)}`);
    if (year === to[0] && month === to[1] && day === to[2]) return out;
    day += 1;
    if (day > monthLength(year, month)) {
      day = 1;
      month += 1;
      if (month > 12) {
        month = 1;
        year += 1;
      }
    }
  }
}

describe('one definition of "the last N days"', () => {
  it('every example query uses the shared 30-day window, written once in packages/schema', () => {
    for (const statement of examples) {
      const windows = statement.sql.match(WINDOW) ?? [];
      expect(windows.length, statement.name).toBeGreaterThan(0);
      for (const window of windows) expect(window, statement.name).toBe(lastDaysSql(30));
    }
  });

  it('the 30-day window keeps exactly the 30 calendar days ending today, on the engine', async () => {
    // 2025-03-15: Feb 14 … Mar 15 (Feb 2025 has 28 days); Feb 13 and Mar 16 are outside.
    const candidates = calendar([2025, 2, 10], [2025, 3, 20]);
    expect(await keptDays(30, '2025-03-15', candidates)).toEqual(calendar([2025, 2, 14], [2025, 3, 15]));
  });

  it('across a leap day and a year end', async () => {
    expect(await keptDays(30, '2024-03-15', calendar([2024, 2, 1], [2024, 3, 31]))).toEqual(
      calendar([2024, 2, 15], [2024, 3, 15]),
    );
    expect(await keptDays(7, '2026-01-03', calendar([2025, 12, 20], [2026, 1, 10]))).toEqual(
      calendar([2025, 12, 28], [2026, 1, 3]),
    );
    expect(await keptDays(1, '2026-01-01', calendar([2025, 12, 30], [2026, 1, 2]))).toEqual(['2026-01-01']);
  });
});
