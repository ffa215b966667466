import { describe, expect, it } from 'vitest';
import { dayRange, daysOf, previousRange } from './date-range.js';
import { BadParameterError } from './errors.js';

const now = new Date('2025-03-15T23:59:00.000Z');

describe('dayRange', () => {
  it.each([
    ['today', { from: '2025-03-15', to: '2025-03-15', days: 1 }],
    ['7d', { from: '2025-03-09', to: '2025-03-15', days: 7 }],
    ['30d', { from: '2025-02-14', to: '2025-03-15', days: 30 }],
  ] as const)('%s ends today (UTC)', (preset, range) => {
    expect(dayRange(preset, { now })).toEqual(range);
  });

  it('a custom range keeps its days, across a month end', () => {
    expect(dayRange('custom', { now, from: '2025-02-27', to: '2025-03-02' })).toEqual({
      from: '2025-02-27',
      to: '2025-03-02',
      days: 4,
    });
  });

  it.each([
    [{}, 'A custom range needs both from and to'],
    [{ from: '2025-02-30', to: '2025-03-01' }, 'from must be a date written YYYY-MM-DD (got "2025-02-30")'],
    [{ from: "2025-03-01' OR '1'='1", to: '2025-03-02' }, 'from must be a date written YYYY-MM-DD'],
    [{ from: '2025-3-1', to: '2025-03-02' }, 'from must be a date written YYYY-MM-DD'],
    [{ from: '2025-03-05', to: '2025-03-01' }, 'from (2025-03-05) must not be after to (2025-03-01)'],
    [{ from: '2023-01-01', to: '2025-03-01' }, 'A range can span at most 366 days'],
  ])('rejects %j', (days, message) => {
    expect(() => dayRange('custom', { now, ...days })).toThrow(BadParameterError);
    expect(() => dayRange('custom', { now, ...days })).toThrow(message);
  });
});

describe('previousRange and daysOf', () => {
  it('the previous period has the same length and ends the day before', () => {
    expect(previousRange({ from: '2025-03-09', to: '2025-03-15', days: 7 })).toEqual({
      from: '2025-03-02',
      to: '2025-03-08',
      days: 7,
    });
    expect(previousRange({ from: '2025-03-01', to: '2025-03-01', days: 1 })).toEqual({
      from: '2025-02-28',
      to: '2025-02-28',
      days: 1,
    });
  });

  it('lists every day of a range, leap day included', () => {
    expect(daysOf({ from: '2024-02-28', to: '2024-03-01', days: 3 })).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
  });
});
