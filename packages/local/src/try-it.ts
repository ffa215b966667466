import { createBucketAllowlist } from '@analytics-tracker/handler';
import type { HandlerConfig } from '@analytics-tracker/schema';

/** What a first request needs to be accepted by the running settings. */
export interface TryItRequest {
  /** A bucket the allow-list accepts. */
  bucket: string;
  /** The `Origin` header to send, when an origin list is set; absent under `*`. */
  origin?: string;
}

/**
 * The bucket and `Origin` of a request the running handler accepts, for the banner's "Try it": an
 * exact allowed bucket, else a config app's bucket the allow-list matches, else a name made from the
 * first `*` pattern (`*-analytics` → `my-app-analytics`); and, when origins are restricted
 * (`CORS_ORIGINS`, or the bucket's own list), one of them, since no `Origin` is then refused.
 *
 * @example
 * tryItRequest({ allowedBuckets: ['*-analytics'], corsOrigins: ['https://example.com'], bucketOrigins: {} }, []);
 * // { bucket: 'my-app-analytics', origin: 'https://example.com' }
 */
export function tryItRequest(
  config: Pick<HandlerConfig, 'allowedBuckets' | 'corsOrigins' | 'bucketOrigins'>,
  appBuckets: readonly string[],
): TryItRequest {
  const allowlist = createBucketAllowlist(config.allowedBuckets);
  const candidates = [
    ...config.allowedBuckets.filter((bucket) => !bucket.includes('*')),
    ...appBuckets,
    ...config.allowedBuckets.map((pattern) => pattern.replaceAll('*', 'my-app')),
  ];
  const bucket = candidates.find((name) => allowlist.allows(name)) ?? 'my-bucket';
  const perBucket = Object.hasOwn(config.bucketOrigins, bucket) ? config.bucketOrigins[bucket] : undefined;
  const origin = config.corsOrigins.includes('*')
    ? perBucket?.[0]
    : (config.corsOrigins.find((listed) => !perBucket || perBucket.includes(listed)) ??
      config.corsOrigins[0]);
  return origin === undefined ? { bucket } : { bucket, origin };
}
