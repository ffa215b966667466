/**
 * Whether `name` is an IANA time zone this runtime knows (`UTC`, `America/New_York`), checked by
 * `Intl` itself rather than a list of our own.
 *
 * @example
 * isTimeZone('America/New_York'); // true
 * isTimeZone('Mars/Olympus'); // false
 */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
