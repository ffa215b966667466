import * as z from 'zod/mini';
import { deploymentNames } from './deployment-names.js';
import { InvalidHandlerEnvError } from './errors.js';
import { LIMITS } from './limits.js';
import {
  allowedBucketPatterns,
  bucketOrigins,
  corsOrigins,
  saltParameterPath,
  type TrackerConfig,
} from './tracker-config.js';
import { UserAgentModeSchema } from './user-agent-mode.js';

// The one config path, in this file: tracker.config.ts → `handlerConfigFromTracker` → `handlerEnv`
// (terraform writes it as the Lambda environment; `npm run offline` passes it to its handler)
// → `handlerConfigFromEnv` (what the Lambda, and so the offline server, reads).

/**
 * The handler's runtime configuration, after parsing its environment (see `handlerConfigFromEnv`).
 *
 * @example
 * HandlerConfigSchema.parse({ allowedBuckets: ['*-analytics'], saltParameterPath: '/mycompany/analytics-tracker/salts' });
 */
export const HandlerConfigSchema = z.object({
  /** Exact bucket names and `*` patterns (`ALLOWED_BUCKETS`). Empty: every bucket is refused. */
  allowedBuckets: z.array(z.string().check(z.minLength(1))),
  /** `*`, or the origins allowed by CORS (`CORS_ORIGIN`, comma list). */
  corsOrigins: z._default(z.array(z.string()), ['*']),
  /** Browser origins allowed per bucket (`BUCKET_ORIGINS`, JSON). A bucket not listed accepts any origin. */
  bucketOrigins: z._default(z.record(z.string(), z.array(z.string())), {}),
  /**
   * SSM Parameter Store path of the daily salts (`SALT_PARAMETER_PATH`), e.g.
   * `/mycompany/analytics-tracker/salts`. Without it (and without a salt source passed in) the
   * handler does not start.
   */
  saltParameterPath: z.optional(
    z.string().check(
      z.regex(/^\/[a-zA-Z0-9_.-]+(?:\/[a-zA-Z0-9_.-]+)*$/, {
        error: 'SALT_PARAMETER_PATH must be an SSM path such as /mycompany/analytics-tracker/salts',
      }),
    ),
  ),
  /** What is kept of the visitor's user agent (`STORE_USER_AGENT`: full, parsed or none). */
  userAgent: z._default(UserAgentModeSchema, 'parsed'),
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
 * `CORS_ORIGIN`, plus `BUCKET_ORIGINS`, `SALT_PARAMETER_PATH`, `STORE_USER_AGENT`, `MAX_BODY_BYTES`, `ENABLE_METRICS`,
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
    saltParameterPath: env.SALT_PARAMETER_PATH || undefined,
    userAgent: env.STORE_USER_AGENT || undefined,
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

/**
 * Values the config file does not hold: the origin secret (or a reference to it) and the deploying
 * account. The daily salts need nothing here: their SSM path follows from the config.
 */
export interface HandlerDeployment {
  /** The secret CloudFront adds as `x-origin-verify`; only with `cloudfront.enabled`. */
  originVerifySecret?: string;
  /** The AWS account that must own every bucket written to (in terraform: the deploying account). */
  expectedBucketOwner?: string;
}

/** The namespace the handler's CloudWatch metrics (Embedded Metric Format) are written under (per environment: `AnalyticsTracker/<environment>`). */
export const METRICS_NAMESPACE = 'AnalyticsTracker';

/**
 * The one mapping from `tracker.config.ts` to the handler's configuration, used by terraform (for the
 * Lambda environment) and by `npm run offline` alike. CloudFront's viewer headers are trusted only
 * when the config puts CloudFront in front and requests must prove it with `x-origin-verify`.
 * Values are not validated here (terraform passes references such as `${var.origin_verify_secret}`); the
 * Lambda validates them when it reads its environment.
 *
 * @example
 * handlerConfigFromTracker(config, { expectedBucketOwner }).allowedBuckets; // ['app1-analytics-prod', '*-analytics']
 */
export function handlerConfigFromTracker(
  config: TrackerConfig,
  deployment: HandlerDeployment = {},
): HandlerConfig {
  const behindCloudFront = config.cloudfront.enabled && deployment.originVerifySecret !== undefined;
  return {
    allowedBuckets: allowedBucketPatterns(config),
    // The Function URL's CORS list too: corsOrigin plus every app's allowedOrigins.
    corsOrigins: corsOrigins(config),
    bucketOrigins: bucketOrigins(config),
    maxBodyBytes: LIMITS.maxBodyBytes,
    enableMetrics: config.enableMetrics,
    metricsNamespace: deploymentNames(config).metricsNamespace,
    trustCdnHeaders: behindCloudFront,
    saltParameterPath: saltParameterPath(config),
    userAgent: config.userAgent,
    ...(behindCloudFront ? { originVerifySecret: deployment.originVerifySecret } : {}),
    ...(deployment.expectedBucketOwner !== undefined
      ? { expectedBucketOwner: deployment.expectedBucketOwner }
      : {}),
  };
}

/**
 * Encodes a handler configuration as the environment `handlerConfigFromEnv` reads back: the exact
 * inverse, so what terraform writes is what the Lambda (and the offline server) runs. Defaults that
 * need no variable are left out (`MAX_BODY_BYTES` at its default, `TRUST_CDN_HEADERS` when false).
 *
 * @example
 * handlerEnv(handlerConfigFromTracker(config)).SALT_PARAMETER_PATH; // '/mycompany/analytics-tracker/salts'
 */
export function handlerEnv(config: HandlerConfig): Record<string, string> {
  const env: Record<string, string> = {
    ALLOWED_BUCKETS: config.allowedBuckets.join(','),
    CORS_ORIGIN: config.corsOrigins.join(','),
    BUCKET_ORIGINS: JSON.stringify(config.bucketOrigins),
    ENABLE_METRICS: String(config.enableMetrics),
    METRICS_NAMESPACE: config.metricsNamespace,
    STORE_USER_AGENT: config.userAgent,
  };
  if (config.saltParameterPath !== undefined) env.SALT_PARAMETER_PATH = config.saltParameterPath;
  if (config.maxBodyBytes !== LIMITS.maxBodyBytes) env.MAX_BODY_BYTES = String(config.maxBodyBytes);
  if (config.trustCdnHeaders) env.TRUST_CDN_HEADERS = 'true';
  if (config.originVerifySecret !== undefined) env.ORIGIN_VERIFY_SECRET = config.originVerifySecret;
  // S3 refuses a write to a bucket another account owns (e.g. re-created after a deletion).
  if (config.expectedBucketOwner !== undefined) env.EXPECTED_BUCKET_OWNER = config.expectedBucketOwner;
  return env;
}
