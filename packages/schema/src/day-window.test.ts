import { describe, expect, it } from 'vitest';
import { dayIn, lastDays, lastDaysSql, WINDOW_DAYS } from './day-window.js';

// Expected windows are read off a calendar, written out here: February 2025 has 28 days,
// February 2024 has 29 (a leap year), and December has 31.
describe('lastDays: N whole UTC days, today included', () => {
  it.each([
    // [now, days, first day, last day]
    ['2025-03-15T12:00:00.000Z', 30, '2025-02-14', '2025-03-15'], // Mar 1-15 (15 days) + Feb 14-28 (15 days)
    ['2024-03-15T12:00:00.000Z', 30, '2024-02-15', '2024-03-15'], // Mar 1-15 (15) + Feb 15-29 (15)
    ['2025-03-02T00:00:00.000Z', 7, '2025-02-24', '2025-03-02'], // Mar 1-2 + Feb 24-28
    ['2024-03-02T23:59:59.999Z', 7, '2024-02-25', '2024-03-02'], // Mar 1-2 + Feb 25-29
    ['2026-01-05T08:00:00.000Z', 30, '2025-12-07', '2026-01-05'], // Jan 1-5 (5) + Dec 7-31 (25)
    ['2025-06-30T23:59:59.999Z', 1, '2025-06-30', '2025-06-30'],
  ])('%s, %i days → %s … %s', (now, days, from, to) => {
    expect(lastDays(days, new Date(now))).toEqual({ from, to, days });
  });

  it('the presets are today, 7 and 30 days', () => {
    expect(WINDOW_DAYS).toEqual({ today: 1, '7d': 7, '30d': 30 });
  });

  it('refuses a window of no days or of part of a day', () => {
    expect(() => lastDays(0, new Date())).toThrow(RangeError);
    expect(() => lastDays(1.5, new Date())).toThrow(RangeError);
    expect(() => lastDaysSql(0)).toThrow(RangeError);
  });
});

// Offsets from the tz database: New York is UTC-5 (EST) until 2025-03-09 02:00, then UTC-4 (EDT);
// Tokyo is UTC+9 all year; Kiritimati UTC+14.
describe("lastDays in a time zone: the days on that zone's clocks", () => {
  it.each([
    ['2025-03-15T02:00:00.000Z', 'America/New_York', 1, '2025-03-14', '2025-03-14'], // 22:00 EDT on the 14th
    ['2025-03-15T04:00:00.000Z', 'America/New_York', 1, '2025-03-15', '2025-03-15'], // 00:00 EDT
    ['2025-03-15T16:00:00.000Z', 'Asia/Tokyo', 7, '2025-03-10', '2025-03-16'], // 01:00 on the 16th
    ['2025-12-31T10:00:00.000Z', 'Pacific/Kiritimati', 30, '2025-12-03', '2026-01-01'], // 00:00 on Jan 1
    ['2025-03-15T23:59:59.999Z', 'UTC', 1, '2025-03-15', '2025-03-15'],
  ])('%s in %s, %i days → %s … %s', (now, zone, days, from, to) => {
    expect(lastDays(days, new Date(now), zone)).toEqual({ from, to, days });
  });

  it("dayIn reads the date on the zone's clocks", () => {
    expect(dayIn(new Date('2025-11-02T04:30:00.000Z'), 'America/New_York')).toBe('2025-11-02'); // 00:30 EDT
    expect(dayIn(new Date('2025-11-02T03:59:59.000Z'), 'America/New_York')).toBe('2025-11-01');
    expect(dayIn(new Date('2025-11-02T03:59:59.000Z'))).toBe('2025-11-02');
  });
});
