import * as z from 'zod/mini';
import { InvalidHandlerEnvError } from './errors.js';
import { LIMITS } from './limits.js';

/**
 * The handler's runtime configuration, after parsing its environment (see `handlerConfigFromEnv`).
 *
 * @example
 * HandlerConfigSchema.parse({ allowedBuckets: ['*-analytics'], ipHashSecret: 's3cr3t…' });
 */
export const HandlerConfigSchema = z.object({
  /** Exact bucket names and `*` patterns (`ALLOWED_BUCKETS`). Empty: every bucket is refused. */
  allowedBuckets: z.array(z.string().check(z.minLength(1))),
  /** `*`, or the origins allowed by CORS (`CORS_ORIGIN`, comma list). */
  corsOrigins: z._default(z.array(z.string()), ['*']),
  /** Browser origins allowed per bucket (`BUCKET_ORIGINS`, JSON). A bucket not listed accepts any origin. */
  bucketOrigins: z._default(z.record(z.string(), z.array(z.string())), {}),
  /** Key for the daily IP and visitor hashes (`IP_HASH_SECRET`). */
  ipHashSecret: z.optional(
    z.string().check(z.minLength(16, { error: 'IP_HASH_SECRET must be at least 16 characters' })),
  ),
  /** Largest accepted body in bytes (`MAX_BODY_BYTES`); at most Lambda's 6 MB payload limit. */
  maxBodyBytes: z._default(z.int().check(z.gte(1024), z.lte(6 * 1024 * 1024)), LIMITS.maxBodyBytes),
  /** Emit CloudWatch metrics in Embedded Metric Format (`ENABLE_METRICS`). */
  enableMetrics: z._default(z.boolean(), false),
  /** CloudWatch namespace for metrics (`METRICS_NAMESPACE`). */
  metricsNamespace: z._default(z.string(), 'AnalyticsTracker'),
  /** Trust CloudFront viewer headers for location and client IP (`TRUST_CDN_HEADERS`): only behind CloudFront. */
  trustCdnHeaders: z._default(z.boolean(), false),
  /** When set, every request must carry `x-origin-verify` with this value (`ORIGIN_VERIFY_SECRET`). */
  originVerifySecret: z.optional(z.string().check(z.minLength(16))),
  /**
   * AWS account that must own every bucket written to (`EXPECTED_BUCKET_OWNER`): a bucket that was
   * deleted and re-created by someone else never receives events.
   */
  expectedBucketOwner: z.optional(
    z
      .string()
      .check(z.regex(/^\d{12}$/, { error: 'EXPECTED_BUCKET_OWNER must be a 12-digit AWS account id' })),
  ),
});

/** The handler's runtime configuration. */
export type HandlerConfig = z.output<typeof HandlerConfigSchema>;

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

const flag = (value: string | undefined): boolean | undefined =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());

function json(name: string, value: string | undefined): unknown {
  if (value === undefined || value.trim() === '') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw new InvalidHandlerEnvError(`${name} must be JSON, e.g. {"my-bucket":["https://example.com"]}`);
  }
}

/**
 * Reads the handler's configuration from environment variables (the seed's `ALLOWED_BUCKETS`,
 * `CORS_ORIGIN`, plus `BUCKET_ORIGINS`, `IP_HASH_SECRET`, `MAX_BODY_BYTES`, `ENABLE_METRICS`,
 * `METRICS_NAMESPACE`, `TRUST_CDN_HEADERS`, `ORIGIN_VERIFY_SECRET`, `EXPECTED_BUCKET_OWNER`).
 * Throws a readable error when invalid.
 *
 * @example
 * const config = handlerConfigFromEnv(process.env);
 */
export function handlerConfigFromEnv(env: Record<string, string | undefined>): HandlerConfig {
  const candidate = {
    allowedBuckets: list(env.ALLOWED_BUCKETS),
    corsOrigins: env.CORS_ORIGIN ? list(env.CORS_ORIGIN) : undefined,
    bucketOrigins: json('BUCKET_ORIGINS', env.BUCKET_ORIGINS),
    ipHashSecret: env.IP_HASH_SECRET || undefined,
    maxBodyBytes: env.MAX_BODY_BYTES ? Number(env.MAX_BODY_BYTES) : undefined,
    enableMetrics: flag(env.ENABLE_METRICS),
    metricsNamespace: env.METRICS_NAMESPACE || undefined,
    trustCdnHeaders: flag(env.TRUST_CDN_HEADERS),
    originVerifySecret: env.ORIGIN_VERIFY_SECRET || undefined,
    expectedBucketOwner: env.EXPECTED_BUCKET_OWNER || undefined,
  };
  const result = HandlerConfigSchema.safeParse(
    Object.fromEntries(Object.entries(candidate).filter(([, value]) => value !== undefined)),
  );
  if (!result.success) {
    throw new InvalidHandlerEnvError(`Invalid handler configuration: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}
