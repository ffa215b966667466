/**
 * Whether `name` is an IANA time zone this runtime knows (`UTC`, `America/New_York`), checked by
 * `Intl` itself rather than a list of our own. `UTC`, the default partition zone that every deployed
 * Lambda is configured with, is answered without `Intl`: ECMA-402 requires every implementation to
 * know it, and the first `Intl.DateTimeFormat` of a process loads the ICU time zone data, about 30 ms of
 * CPU that the Lambda's init would otherwise pay on each cold start.
 *
 * @example
 * isTimeZone('America/New_York'); // true
 * isTimeZone('Mars/Olympus'); // false
 */
export function isTimeZone(name: string): boolean {
  if (name === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
