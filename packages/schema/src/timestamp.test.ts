import { describe, expect, it } from 'vitest';
import { normalizeTimestamp, TimestampSchema } from './timestamp.js';

// Expected instants are written by hand from ISO 8601 and checked with GNU date, e.g.
// `date -u -d @1765972800 +%FT%T` → 2025-12-17T12:00:00, `date -u -d '2025-12-17T13:00:00+01:00'`.
describe('normalizeTimestamp', () => {
  it.each([
    ['ISO with Z (the seed README)', '2025-12-17T12:00:00.000Z', '2025-12-17T12:00:00.000Z'],
    ['ISO with Z, no fraction', '2025-12-17T12:00:00Z', '2025-12-17T12:00:00.000Z'],
    ['ISO with an offset', '2025-12-17T13:00:00+01:00', '2025-12-17T12:00:00.000Z'],
    ['ISO with a compact offset', '2025-12-17T07:00:00-0500', '2025-12-17T12:00:00.000Z'],
    ['ISO without a zone is UTC', '2025-12-17T12:00:00', '2025-12-17T12:00:00.000Z'],
    ['ISO without seconds', '2025-12-17T12:00', '2025-12-17T12:00:00.000Z'],
    ['microseconds are cut to milliseconds', '2025-12-17T12:00:00.123456Z', '2025-12-17T12:00:00.123Z'],
    ['a date is midnight UTC', '2025-12-17', '2025-12-17T00:00:00.000Z'],
    ['epoch milliseconds', 1765972800000, '2025-12-17T12:00:00.000Z'],
    ['epoch milliseconds as text', '1765972800000', '2025-12-17T12:00:00.000Z'],
    ['the smallest 13-digit epoch', 1e12, '2001-09-09T01:46:40.000Z'],
    ['a leap day', '2024-02-29', '2024-02-29T00:00:00.000Z'],
    // Years 0000–0099 are those years (ISO 8601 proleptic Gregorian), not 1900–1999; ECMA-262's
    // Date Time String Format writes them with four digits, as sent.
    ['year 0000', '0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000Z'],
    ['year 0000 as a date', '0000-01-01', '0000-01-01T00:00:00.000Z'],
    ['year 0099', '0099-12-31T23:59:59Z', '0099-12-31T23:59:59.000Z'],
    ['year 0100', '0100-01-01T00:00:00Z', '0100-01-01T00:00:00.000Z'],
    ['year 9999', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    // 0000 is a leap year in the proleptic Gregorian calendar (divisible by 400); 0100 is not.
    ['0000-02-29 exists', '0000-02-29', '0000-02-29T00:00:00.000Z'],
    ['an offset that stays in year 0000', '0000-01-01T12:00:00+01:00', '0000-01-01T11:00:00.000Z'],
  ])('%s: %j → %s', (_name, input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected);
  });

  it.each([
    ['a word', 'yesterday'],
    ['an empty string', ''],
    ['epoch seconds (would be January 1970 as ms)', 1765972800],
    ['epoch seconds as text', '1765972800'],
    ['a fractional epoch', 1765972800000.5],
    ['a negative number', -1],
    ['not a day of the calendar', '2025-02-30'],
    ['not a leap year', '2025-02-29'],
    ['month 13', '2025-13-01'],
    ['hour 25', '2025-12-17T25:00:00Z'],
    ['a zone offset of 24 hours', '2025-12-17T12:00:00+24:00'],
    ['a US date', '12/17/2025'],
    ['an RFC 2822 date', 'Wed, 17 Dec 2025 12:00:00 GMT'],
    ['text after the date', '2025-12-17T12:00:00Z; DROP TABLE'],
    ['a boolean', true],
    ['null', null],
    ['an object', { at: '2025-12-17' }],
    ['0100-02-29 (0100 is not a leap year)', '0100-02-29'],
    ['an offset that moves 0000-01-01 into year -1', '0000-01-01T00:00:00+01:00'],
    ['an offset that moves 9999-12-31 into year 10000', '9999-12-31T23:30:00-01:00'],
  ])('refuses %s', (_name, input) => {
    expect(normalizeTimestamp(input)).toBeUndefined();
  });
});

describe('TimestampSchema', () => {
  it('parses to the normalized string and explains refusals', () => {
    expect(TimestampSchema.parse('2025-12-17')).toBe('2025-12-17T00:00:00.000Z');
    const refused = TimestampSchema.safeParse('yesterday');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe(
      'timestamp must be an ISO 8601 date-time, a date (YYYY-MM-DD) or epoch milliseconds',
    );
  });
});
