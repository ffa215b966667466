import { dayIn, isTimeZone } from '@analytics-tracker/schema';
import { BadParameterError } from './errors.js';

/** The zone of every figure when neither the app nor `?tz=` names one. */
export const DEFAULT_TIME_ZONE = 'UTC';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

// The runtime's IANA list (canonical names) plus UTC, which some runtimes list as an alias only.
const KNOWN_ZONES: ReadonlySet<string> = new Set([...Intl.supportedValuesOf('timeZone'), DEFAULT_TIME_ZONE]);

// The characters of every IANA zone name and alias (`America/Port-au-Prince`, `Etc/GMT+5`).
const ZONE_NAME = /^[A-Za-z0-9_+\-/]+$/;

/**
 * Checks a zone named in the address (`?tz=Europe/Berlin`): a name of the runtime's IANA list, or one
 * `Intl` accepts (today's names such as Asia/Kolkata, aliases such as US/Eastern) written only with the
 * characters of zone names; only such a name is ever put into SQL (as a quoted literal). Throws
 * `BadParameterError`.
 *
 * @example
 * parseTimeZone('Europe/Berlin'); // 'Europe/Berlin'
 * parseTimeZone("UTC'; DROP TABLE x"); // throws BadParameterError
 */
export function parseTimeZone(name: string): string {
  // The runtime lists canonical names of its own ICU data (Asia/Calcutta, Europe/Kiev); the names the
  // IANA list uses today (Asia/Kolkata, Europe/Kyiv) are accepted through `isTimeZone` as well.
  if (!KNOWN_ZONES.has(name) && !(ZONE_NAME.test(name) && isTimeZone(name))) {
    throw new BadParameterError(`tz must be an IANA time zone such as Europe/Berlin or UTC (got "${name}")`);
  }
  return name;
}

/**
 * A zone that may reach SQL: one of the IANA list (`?tz=`), or one the config schema accepted
 * (`isTimeZone`, which also knows aliases such as `US/Eastern`), written only with the characters of
 * zone names. Throws `BadParameterError`.
 *
 * @example
 * checkedTimeZone('US/Eastern'); // 'US/Eastern'
 * checkedTimeZone("UTC'--"); // throws BadParameterError
 */
export function checkedTimeZone(name: string): string {
  return parseTimeZone(name);
}

/**
 * The zone as an SQL literal for `AT TIME ZONE`, after `checkedTimeZone`.
 *
 * @example
 * timeZoneLiteral('America/New_York'); // "'America/New_York'"
 */
export function timeZoneLiteral(name: string): string {
  return `'${checkedTimeZone(name)}'`;
}

// How far the zone's clocks are ahead of UTC at `instant`, in milliseconds.
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The first instant of a calendar day (`YYYY-MM-DD`) on a zone's clocks: its midnight, or the first
 * time that exists after it where a daylight-saving change skips midnight.
 *
 * @example
 * startOfDay('2026-03-08', 'America/New_York').toISOString(); // '2026-03-08T05:00:00.000Z' (00:00 EST)
 * startOfDay('2026-03-09', 'America/New_York').toISOString(); // '2026-03-09T04:00:00.000Z' (00:00 EDT)
 */
export function startOfDay(day: string, timeZone: string): Date {
  const midnight = Date.parse(`${day}T00:00:00.000Z`);
  if (Number.isNaN(midnight)) throw new BadParameterError(`Not a day: ${day}`);
  // Two rounds: the offset at the guess, then at the corrected instant (they differ across a change).
  let instant = midnight - offsetAt(midnight, timeZone);
  instant = midnight - offsetAt(instant, timeZone);
  // A change at midnight (some zones) leaves the guess on the day before: step to the day's first hour.
  while (dayIn(new Date(instant), timeZone) < day) instant += HOUR_MS;
  return new Date(instant);
}

/**
 * The instants a range of local days covers, `[start, end)`: from the first day's start to the start
 * of the day after the last one. A daylight-saving day makes it an hour shorter or longer than whole
 * days of 24 hours.
 *
 * @example
 * dayWindow({ from: '2026-11-01', to: '2026-11-01' }, 'America/New_York');
 * // { start: 2026-11-01T04:00:00.000Z, end: 2026-11-02T05:00:00.000Z } (25 hours)
 */
export function dayWindow(range: { from: string; to: string }, timeZone: string): { start: Date; end: Date } {
  const after = new Date(Date.parse(`${range.to}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
  return { start: startOfDay(range.from, timeZone), end: startOfDay(after, timeZone) };
}

/**
 * The hours of a range of local days as the chart draws them: one per hour elapsed since the start
 * (23 on a spring-forward day, 25 on a fall-back day), each with its start and its label on the zone's
 * clocks; an hour whose label repeats (the fall-back hour) carries the zone's short name.
 *
 * @example
 * localHours({ from: '2026-03-08', to: '2026-03-08' }, 'America/New_York').map((hour) => hour.label);
 * // ['00:00', '01:00', '03:00', …, '23:00'] (23 hours)
 */
export function localHours(
  range: { from: string; to: string },
  timeZone: string,
): { index: number; start: Date; label: string }[] {
  const { start, end } = dayWindow(range, timeZone);
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
  });
  const named = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  const count = Math.round((end.getTime() - start.getTime()) / HOUR_MS);
  const hours = Array.from({ length: count }, (_, index) => {
    const at = new Date(start.getTime() + index * HOUR_MS);
    return { index, start: at, label: format.format(at), named: named.format(at) };
  });
  const seen = new Map<string, number>();
  for (const hour of hours) seen.set(hour.label, (seen.get(hour.label) ?? 0) + 1);
  return hours.map(({ index, start: at, label, named: withZone }) => ({
    index,
    start: at,
    label: (seen.get(label) ?? 0) > 1 ? withZone : label,
  }));
}
