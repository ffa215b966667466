import * as z from 'zod/mini';

/**
 * What the 400 says when a timestamp is none of the accepted forms.
 *
 * @example
 * TIMESTAMP_ERROR; // 'timestamp must be an ISO 8601 date-time, a date (YYYY-MM-DD) or epoch milliseconds'
 */
export const TIMESTAMP_ERROR =
  'timestamp must be an ISO 8601 date-time, a date (YYYY-MM-DD) or epoch milliseconds';

// Epoch milliseconds between 2001-09-09 and 2286-11-20 (13 digits). A smaller number is most likely
// epoch *seconds* sent by mistake, which read as milliseconds would land in January 1970: refused.
const MIN_EPOCH_MS = 1e12;
const MAX_EPOCH_MS = 1e13 - 1;
const EPOCH_MS_TEXT = /^\d{13}$/;

// YYYY-MM-DD, optionally THH:mm[:ss[.fraction]] and an optional zone (Z, ±HH:mm or ±HHmm).
// A fixed pattern (never built from input), anchored, without nested quantifiers.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function fromEpochMs(ms: number): string | undefined {
  return Number.isInteger(ms) && ms >= MIN_EPOCH_MS && ms <= MAX_EPOCH_MS
    ? new Date(ms).toISOString()
    : undefined;
}

function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4));
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Where `YYYY-MM-DDTHH:mm:ss.sssZ` has digits (the other places hold `-`, `T`, `:`, `.` and `Z`). */
const CANONICAL_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];
const CANONICAL_MARKS: readonly [number, number][] = [
  [4, 45], // -
  [7, 45], // -
  [10, 84], // T
  [13, 58], // :
  [16, 58], // :
  [19, 46], // .
  [23, 90], // Z
];

/** The number written by the two digits of `text` at `at` (known to be digits). */
const twoDigits = (text: string, at: number) =>
  (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;

/**
 * Whether `text` is already the stored form, `YYYY-MM-DDTHH:mm:ss.sssZ`, of an instant that exists:
 * what our clients send and `toISOString()` writes. Read by position: a batch's timestamps are checked
 * without the pattern, the Date round trip and the string it makes (about ten times the CPU).
 */
function isCanonical(text: string): boolean {
  if (text.length !== 24) return false;
  for (const [at, code] of CANONICAL_MARKS) if (text.charCodeAt(at) !== code) return false;
  for (const at of CANONICAL_DIGITS) {
    const code = text.charCodeAt(at);
    if (code < 48 || code > 57) return false;
  }
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (month < 1 || month > 12 || day < 1) return false;
  // Proleptic Gregorian, as the general path (setUTCFullYear): 0000 and 2000 are leap years, 1900 is not.
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day <= days && twoDigits(text, 11) <= 23 && twoDigits(text, 14) <= 59 && twoDigits(text, 17) <= 59;
}

function fromIso(text: string): string | undefined {
  if (isCanonical(text)) return text;
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = match;
  const parts = [y, mo, d, h, mi, s].map(Number);
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  const offset = zoneOffsetMinutes(zone);
  if (offset === undefined || hour > 23 || minute > 59 || second > 59) return undefined;
  const check = new Date(0);
  // Not Date.UTC: it reads years 0–99 as 1900–1999, so 0000 would become 1900. setUTCFullYear takes the
  // year as written (ECMA-262 MakeDay), proleptic Gregorian, as ISO 8601 does.
  check.setUTCFullYear(year, month - 1, day);
  check.setUTCHours(hour, minute, second, ms);
  // 2025-02-30 rolls over to March: a date that does not round-trip does not exist.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  const instant = new Date(check.getTime() - offset * 60_000);
  // An offset can push 0000-01-01 before year 0 or 9999-12-31 past 9999, which toISOString writes
  // with six digits and a sign: not the stored form, and not what Athena's from_iso8601_timestamp reads.
  const utcYear = instant.getUTCFullYear();
  return utcYear >= 0 && utcYear <= 9999 ? instant.toISOString() : undefined;
}

/**
 * The one stored form of a client timestamp (`2025-12-17T12:00:00.000Z`), from every unambiguous form
 * the original tracker stored: ISO 8601 with a zone, ISO 8601 without one (read as UTC), a date
 * (midnight UTC), and epoch milliseconds (a number or 13 digits). Anything else (`yesterday`, epoch
 * seconds, 2025-02-30) is `undefined`.
 *
 * @example
 * normalizeTimestamp('2025-12-17T13:00:00+01:00'); // '2025-12-17T12:00:00.000Z'
 * normalizeTimestamp('2025-12-17T12:00:00');       // '2025-12-17T12:00:00.000Z'
 * normalizeTimestamp('2025-12-17');                // '2025-12-17T00:00:00.000Z'
 * normalizeTimestamp(1765972800000);               // '2025-12-17T12:00:00.000Z'
 * normalizeTimestamp('yesterday');                 // undefined
 */
export function normalizeTimestamp(value: unknown): string | undefined {
  if (typeof value === 'number') return fromEpochMs(value);
  if (typeof value !== 'string') return undefined;
  if (EPOCH_MS_TEXT.test(value)) return fromEpochMs(Number(value));
  return fromIso(value);
}

/**
 * A client timestamp in any form `normalizeTimestamp` accepts, parsed to its normalized ISO string.
 * Its input type is `string | number` (epoch milliseconds), in TypeScript and in JSON Schema alike,
 * so the client's generated declarations say what the server accepts.
 *
 * @example
 * TimestampSchema.parse(1765972800000); // '2025-12-17T12:00:00.000Z'
 */
export const TimestampSchema = z.pipe(
  // `z.int()`, not `z.number()`: epoch milliseconds are integers, and JSON Schema then keeps an anyOf.
  z.union([z.string(), z.int()], { error: TIMESTAMP_ERROR }),
  z.transform((value: string | number, ctx) => {
    const normalized = normalizeTimestamp(value);
    if (normalized !== undefined) return normalized;
    ctx.issues.push({ code: 'custom', message: TIMESTAMP_ERROR, input: value });
    return z.NEVER;
  }),
);
