import { describe, expect, it } from 'vitest';
import { lastDays, lastDaysSql, WINDOW_DAYS } from './day-window.js';

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
