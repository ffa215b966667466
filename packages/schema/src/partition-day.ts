import { InvalidDayError } from './errors.js';
import { PROJECTION_FIRST_YEAR } from './table-definition.js';

/** One day partition, as the raw and compacted tables spell it: `year=2026/month=03/day=08`. */
export interface PartitionDay {
  year: string;
  month: string;
  day: string;
}

const DAY_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The partition of a UTC calendar day written `YYYY-MM-DD`. Anything else (another shape, a day that
 * does not exist, a year before partition projection starts) is refused, so a partition value put
 * into SQL or an S3 prefix is always four, two and two digits of a real day.
 *
 * @example
 * partitionDay('2026-03-08'); // { year: '2026', month: '03', day: '08' }
 * partitionDay('2026-02-30'); // throws InvalidDayError
 */
export function partitionDay(text: string): PartitionDay {
  const match = DAY_TEXT.exec(text);
  const [, year = '', month = '', day = ''] = match ?? [];
  const date = new Date(`${text}T00:00:00.000Z`);
  if (!match || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new InvalidDayError(text);
  }
  if (Number(year) < PROJECTION_FIRST_YEAR) throw new InvalidDayError(text);
  return { year, month, day };
}

/**
 * `YYYY-MM-DD` of a partition day.
 *
 * @example
 * partitionDayText({ year: '2026', month: '03', day: '08' }); // '2026-03-08'
 */
export function partitionDayText(day: PartitionDay): string {
  return `${day.year}-${day.month}-${day.day}`;
}

/**
 * The day of an instant in the partitions' time zone (`partitionTimeZone`, UTC by default) as a
 * partition day.
 *
 * @example
 * partitionDayOf(new Date('2026-03-08T23:59:59Z')); // { year: '2026', month: '03', day: '08' }
 * partitionDayOf(new Date('2026-03-09T03:00:00Z'), 'America/New_York'); // { year: '2026', month: '03', day: '08' }
 */
export function partitionDayOf(instant: Date, timeZone = 'UTC'): PartitionDay {
  // en-CA writes dates as YYYY-MM-DD.
  const text =
    timeZone === 'UTC'
      ? instant.toISOString().slice(0, 10)
      : new Intl.DateTimeFormat('en-CA', {
          timeZone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
        }).format(instant);
  return { year: text.slice(0, 4), month: text.slice(5, 7), day: text.slice(8, 10) };
}

/**
 * The day before, across month and year ends.
 *
 * @example
 * previousPartitionDay({ year: '2026', month: '03', day: '01' }); // { year: '2026', month: '02', day: '28' }
 */
export function previousPartitionDay(day: PartitionDay): PartitionDay {
  const date = new Date(`${partitionDayText(day)}T00:00:00.000Z`);
  return partitionDayOf(new Date(date.getTime() - 86_400_000));
}
