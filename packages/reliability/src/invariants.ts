import { isValidBucketName } from '@analytics-tracker/schema';
import type { HostileRequest } from './hostile-arbitraries.js';

/** Keys the handler may write: the seed's single-event key, or a batch key from a hash of its ids. */
const KEY =
  /^analytics\/year=\d{4}\/month=(0[1-9]|1[0-2])\/day=(0[1-9]|[12]\d|3[01])\/(?:[A-Za-z0-9_-]{8,128}\.json|b-[0-9a-f]{32}\.ndjson\.gz)$/;

/**
 * True for a key under `analytics/` in the documented layout (no `..`, no extra path segments).
 *
 * @example
 * isAllowedKey('analytics/year=2025/month=12/day=17/abc12345.json'); // true
 */
export function isAllowedKey(key: string): boolean {
  return KEY.test(key);
}

/**
 * A reference allow-list for `['app1-analytics-prod', 'app2-analytics-staging', '*-analytics']`,
 * written independently of the handler's matcher so the two can disagree if one is wrong.
 *
 * @example
 * isAllowedTestBucket('my-app-analytics'); // true
 */
export function isAllowedTestBucket(bucket: string): boolean {
  if (bucket === 'app1-analytics-prod' || bucket === 'app2-analytics-staging') return true;
  return bucket.endsWith('-analytics') && isValidBucketName(bucket);
}

/**
 * The request's client IPs found in `text`, ignoring any the caller also put in content it controls
 * (body, user agent, origin…): the server may store what the client wrote, never the address it saw.
 *
 * @example
 * leakedIps(storedText, request); // [] when nothing leaked
 */
export function leakedIps(text: string, request: HostileRequest): string[] {
  const userContent = [
    request.body,
    ...Object.entries(request.headers)
      .filter(([name]) => !['cloudfront-viewer-address', 'x-forwarded-for'].includes(name))
      .map(([, value]) => value),
  ].join('\n');
  return request.clientIps.filter((ip) => text.includes(ip) && !userContent.includes(ip));
}

/**
 * Own property names of the built-in prototypes, to prove after a run that nothing was polluted.
 *
 * @example
 * const before = prototypeSnapshot(); … expect(prototypeSnapshot()).toEqual(before);
 */
export function prototypeSnapshot(): string[] {
  return [Object.prototype, Array.prototype, Function.prototype].flatMap((proto) =>
    Object.getOwnPropertyNames(proto).sort(),
  );
}
