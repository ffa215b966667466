import { lastDays, WINDOW_DAYS } from '@analytics-tracker/schema';
import { BadParameterError } from './errors.js';

/** The preset ranges of the page's selector, plus a custom one. */
export const RANGE_PRESETS = ['today', '7d', '30d', 'custom'] as const;
/** One of `RANGE_PRESETS`, e.g. `'7d'`. */
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** A range of whole calendar days of the page's time zone, both ends included. */
export interface DayRange {
  /** First day, `YYYY-MM-DD`. */
  from: string;
  /** Last day, `YYYY-MM-DD`. */
  to: string;
  /** Number of days, at least 1. */
  days: number;
}

/** Longest custom range: a year of partitions is already a large Athena scan. */
export const MAX_RANGE_DAYS = 366;

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const dayString = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Checks that `value` is a real calendar day written `YYYY-MM-DD` and returns its UTC midnight.
 * The result is the only form of a date that ever reaches SQL.
 *
 * @example
 * parseDay('2025-03-15', 'from'); // 1741996800000
 * parseDay('2025-02-30', 'from'); // throws BadParameterError
 */
export function parseDay(value: string, what: string): number {
  const match = ISO_DAY.exec(value);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(ms) || dayString(ms) !== value) {
    throw new BadParameterError(`${what} must be a date written YYYY-MM-DD (got "${value}")`);
  }
  return ms;
}

/**
 * The days a preset covers, ending today on the clocks of `timeZone` (UTC by default), or a validated
 * custom range. The presets are the schema's `lastDays` windows, the same days the example queries
 * read ("30 days" is today and the 29 days before it).
 *
 * @example
 * dayRange('7d', { now: new Date('2025-03-15T12:00:00Z') }); // { from: '2025-03-09', to: '2025-03-15', days: 7 }
 * dayRange('today', { now: new Date('2025-03-15T02:00:00Z'), timeZone: 'America/New_York' }); // { from: '2025-03-14', to: '2025-03-14', days: 1 }
 * dayRange('custom', { now, from: '2025-03-01', to: '2025-03-03' }); // { from: '2025-03-01', to: '2025-03-03', days: 3 }
 */
export function dayRange(
  preset: RangePreset,
  options: { now: Date; from?: string; to?: string; timeZone?: string },
): DayRange {
  if (preset !== 'custom') return lastDays(WINDOW_DAYS[preset], options.now, options.timeZone);
  if (!options.from || !options.to) throw new BadParameterError('A custom range needs both from and to');
  const from = parseDay(options.from, 'from');
  const to = parseDay(options.to, 'to');
  if (to < from) throw new BadParameterError(`from (${options.from}) must not be after to (${options.to})`);
  const days = Math.round((to - from) / DAY_MS) + 1;
  if (days > MAX_RANGE_DAYS) {
    throw new BadParameterError(`A range can span at most ${MAX_RANGE_DAYS} days (got ${days})`);
  }
  return { from: options.from, to: options.to, days };
}

/**
 * The range of the same length just before `range`: what the headline numbers compare against.
 *
 * @example
 * previousRange({ from: '2025-03-09', to: '2025-03-15', days: 7 }); // { from: '2025-03-02', to: '2025-03-08', days: 7 }
 */
export function previousRange(range: DayRange): DayRange {
  const from = parseDay(range.from, 'from');
  return {
    from: dayString(from - range.days * DAY_MS),
    to: dayString(from - DAY_MS),
    days: range.days,
  };
}

/**
 * Every day of a range, in order: the x axis of the daily chart (days without events show as 0).
 *
 * @example
 * daysOf({ from: '2025-02-27', to: '2025-03-01', days: 3 }); // ['2025-02-27', '2025-02-28', '2025-03-01']
 */
export function daysOf(range: DayRange): string[] {
  const from = parseDay(range.from, 'from');
  return Array.from({ length: range.days }, (_, i) => dayString(from + i * DAY_MS));
}
