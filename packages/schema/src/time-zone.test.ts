import { describe, expect, it } from 'vitest';
import { isTimeZone } from './time-zone.js';

// Names from the IANA time zone database (tzdata's `zone1970.tab` and `backward`); `UTC` is the one
// zone ECMA-402 requires every implementation to know.
describe('isTimeZone', () => {
  it.each(['UTC', 'America/New_York', 'Europe/Paris', 'Asia/Kolkata', 'Pacific/Chatham', 'Etc/UTC'])(
    '%s is a time zone',
    (name) => {
      expect(isTimeZone(name)).toBe(true);
    },
  );

  it.each(['Mars/Olympus', '', 'UTC+1', 'America/New York', "UTC'; DROP TABLE x; --"])(
    '%j is not',
    (name) => {
      expect(isTimeZone(name)).toBe(false);
    },
  );
});
