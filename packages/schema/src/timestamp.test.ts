import fc from 'fast-check';
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

// The stored form is checked by position, not by the general pattern. The oracle is V8's own Date
// Time String Format reader: a canonical string names an instant exactly when Date.parse reads it and
// toISOString writes it back unchanged (2025-02-30 reads as March 2: not the same text).
describe('normalizeTimestamp on the stored form', () => {
  const oracle = (text: string) => {
    const ms = Date.parse(text);
    return Number.isNaN(ms) || new Date(ms).toISOString() !== text ? undefined : text;
  };
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  const canonical = fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 24 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 999 }),
    )
    .map(
      ([y, mo, d, h, mi, s, ms]) =>
        `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`,
    );

  it('gives what Date.parse and toISOString give, for every day, leap year and out-of-range field', () => {
    fc.assert(
      fc.property(canonical, (text) => {
        expect(normalizeTimestamp(text)).toBe(oracle(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['a leap day in a leap century', '2000-02-29T00:00:00.000Z', '2000-02-29T00:00:00.000Z'],
    ['no leap day in 1900', '1900-02-29T00:00:00.000Z', undefined],
    ['no leap day in 2100', '2100-02-29T00:00:00.000Z', undefined],
    ['30 February', '2025-02-30T12:00:00.000Z', undefined],
    ['31 April', '2025-04-31T12:00:00.000Z', undefined],
    ['hour 24', '2025-12-17T24:00:00.000Z', undefined],
    ['a letter among the digits', '2025-12-1xT12:00:00.000Z', undefined],
    ['a full-width digit', '2025-12-1\uff17T12:00:00.000Z', undefined],
    ['a space for the T', '2025-12-17 12:00:00.000Z', undefined],
  ])('%s: %j → %s', (_name, input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected);
  });
});
