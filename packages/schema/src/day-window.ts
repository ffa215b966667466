/**
 * The one definition of "the last N days": N whole calendar days, today included (UTC days in the
 * SQL files; the dashboard may read them in another zone, see `lastDays`).
 * The dashboard's range selector and the example queries in sql/ both use it, so "30 days" covers
 * the same 30 partitions everywhere (today and the 29 days before it).
 */

/** The preset windows every surface offers, by the number of UTC days each covers (today included). */
export const WINDOW_DAYS = { today: 1, '7d': 7, '30d': 30 } as const;
/** One preset window, e.g. `'30d'`. */
export type WindowName = keyof typeof WINDOW_DAYS;

/** A span of whole UTC days, both ends included. */
export interface DayWindow {
  /** First day, `YYYY-MM-DD`. */
  from: string;
  /** Last day, `YYYY-MM-DD`. */
  to: string;
  /** Number of days, at least 1. */
  days: number;
}

const DAY_MS = 86_400_000;

function checkDays(days: number): void {
  if (!Number.isInteger(days) || days < 1)
    throw new RangeError(`days must be a whole number ≥ 1 (got ${days})`);
}

/**
 * The calendar day (`YYYY-MM-DD`) of an instant on the clocks of an IANA time zone (UTC by default).
 *
 * @example
 * dayIn(new Date('2025-03-15T02:00:00Z'), 'America/New_York'); // '2025-03-14'
 */
export function dayIn(instant: Date, timeZone = 'UTC'): string {
  if (timeZone === 'UTC') return instant.toISOString().slice(0, 10);
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/**
 * The last `days` calendar days ending with the day of `now`: UTC days (the shipped SQL's
 * `current_date`) by default, or the days of `timeZone` (the dashboard's chosen zone).
 *
 * @example
 * lastDays(30, new Date('2025-03-15T12:00:00Z')); // { from: '2025-02-14', to: '2025-03-15', days: 30 }
 * lastDays(WINDOW_DAYS.today, now); // { from: today, to: today, days: 1 }
 * lastDays(1, new Date('2025-03-15T02:00:00Z'), 'America/New_York'); // { from: '2025-03-14', to: '2025-03-14', days: 1 }
 */
export function lastDays(days: number, now: Date, timeZone = 'UTC'): DayWindow {
  checkDays(days);
  const today = Date.parse(`${dayIn(now, timeZone)}T00:00:00.000Z`);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(today - (days - 1) * DAY_MS), to: day(today), days };
}

/**
 * The same window as a Trino/Athena SQL condition on the partition columns (`year`, `month`,
 * `day`), bounded on both sides so Athena reads only those partitions. `today` is a SQL date
 * expression: `current_date` in the shipped SQL files.
 *
 * @example
 * lastDaysSql(30);
 * // "concat(year, '-', month, '-', day) BETWEEN date_format(current_date - INTERVAL '29' DAY, '%Y-%m-%d') AND date_format(current_date, '%Y-%m-%d')"
 */
export function lastDaysSql(days: number, today = 'current_date'): string {
  checkDays(days);
  return (
    `concat(year, '-', month, '-', day) BETWEEN date_format(${today} - INTERVAL '${days - 1}' DAY, '%Y-%m-%d')` +
    ` AND date_format(${today}, '%Y-%m-%d')`
  );
}
