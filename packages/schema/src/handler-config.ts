import * as z from 'zod/mini';
import { deploymentNames } from './deployment-names.js';
import { InvalidHandlerEnvError } from './errors.js';
import { LIMITS } from './limits.js';
import { isTimeZone } from './time-zone.js';
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
 * Why the handler will not start without buckets. The original tracker accepted every bucket when
 * `ALLOWED_BUCKETS` was empty; this one refuses them all, and says so at startup rather than with a
 * 403 on every request.
 *
 * @example
 * handlerConfigFromEnv({ ALLOWED_BUCKETS: '' }); // throws with EMPTY_ALLOWED_BUCKETS in the message
 */
export const EMPTY_ALLOWED_BUCKETS =
  'ALLOWED_BUCKETS is empty. The original tracker accepted every bucket then; this one refuses every ' +
  'bucket, so it does not start. List the buckets events may be written to, e.g. ' +
  'ALLOWED_BUCKETS=app1-analytics-prod,*-analytics (apps in tracker.config.ts are added for you).';

/** A stage name as API Gateway allows it: letters, digits, `-` and `_`. */
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The stage names accepted as a path prefix by default: the original tracker's clients post to
 * `https://<api>/prod/track` (API Gateway's default stage), so `/prod/track` keeps working.
 *
 * @example
 * DEFAULT_STAGE_NAMES; // ['prod']
 */
export const DEFAULT_STAGE_NAMES: readonly string[] = ['prod'];

/**
 * The handler's runtime configuration, after parsing its environment (see `handlerConfigFromEnv`).
 *
 * @example
 * HandlerConfigSchema.parse({ allowedBuckets: ['*-analytics'], saltParameterPath: '/mycompany/analytics-tracker/salts' });
 */
export const HandlerConfigSchema = z.object({
  /**
   * Exact bucket names and `*` patterns (`ALLOWED_BUCKETS`). Never empty: a handler that can store
   * nothing does not start (the original accepted every bucket then).
   */
  allowedBuckets: z
    .array(z.string().check(z.minLength(1)))
    .check(z.minLength(1, { error: EMPTY_ALLOWED_BUCKETS })),
  /**
   * `*`, or the only browser origins allowed (`CORS_ORIGINS`, the original's name, or its alias
   * `CORS_ORIGIN`; a comma list). With a list, a request whose `Origin` is missing or not listed is
   * refused with the original's 403 `Origin not allowed`.
   */
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
  /**
   * API Gateway stage names accepted as a path prefix (`STAGE_NAMES`, comma list): `/prod/track` is
   * `/track`. Default `['prod']`; an empty list accepts only unprefixed paths.
   */
  stageNames: z.optional(
    z.array(z.string().check(z.regex(STAGE_NAME, { error: 'stage names are letters, digits, - and _' }))),
  ),
  /**
   * IANA time zone of the `year=/month=/day=` partition a write goes to (`PARTITION_TIME_ZONE`).
   * Default `UTC`; the original tracker used `America/New_York`.
   */
  partitionTimeZone: z.optional(
    z.string().check(z.refine(isTimeZone, { error: 'PARTITION_TIME_ZONE must be an IANA time zone' })),
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
 * `CORS_ORIGINS` (the original tracker's name) or its alias `CORS_ORIGIN`; both set to different
 * lists is a mistake worth stopping for, not a choice to make silently.
 */
function corsOriginsFromEnv(env: Record<string, string | undefined>): string[] | undefined {
  const plural = env.CORS_ORIGINS ? list(env.CORS_ORIGINS) : undefined;
  const alias = env.CORS_ORIGIN ? list(env.CORS_ORIGIN) : undefined;
  if (plural && alias && plural.join(',') !== alias.join(',')) {
    throw new InvalidHandlerEnvError(
      'Invalid handler configuration: CORS_ORIGINS and CORS_ORIGIN are both set and differ; set CORS_ORIGINS only',
    );
  }
  const origins = plural ?? alias;
  return origins && origins.length > 0 ? origins : undefined;
}

/**
 * Reads the handler's configuration from environment variables: the original tracker's
 * `ALLOWED_BUCKETS` and `CORS_ORIGINS` (alias `CORS_ORIGIN`), plus `BUCKET_ORIGINS`,
 * `SALT_PARAMETER_PATH`, `STORE_USER_AGENT`, `MAX_BODY_BYTES`, `ENABLE_METRICS`, `METRICS_NAMESPACE`,
 * `TRUST_CDN_HEADERS`, `ORIGIN_VERIFY_SECRET`, `EXPECTED_BUCKET_OWNER`, `STAGE_NAMES`,
 * `PARTITION_TIME_ZONE`. Throws a readable error when invalid, including an empty `ALLOWED_BUCKETS`.
 *
 * @example
 * const config = handlerConfigFromEnv(process.env);
 */
export function handlerConfigFromEnv(env: Record<string, string | undefined>): HandlerConfig {
  const candidate = {
    allowedBuckets: list(env.ALLOWED_BUCKETS),
    corsOrigins: corsOriginsFromEnv(env),
    bucketOrigins: json('BUCKET_ORIGINS', env.BUCKET_ORIGINS),
    saltParameterPath: env.SALT_PARAMETER_PATH || undefined,
    userAgent: env.STORE_USER_AGENT || undefined,
    maxBodyBytes: env.MAX_BODY_BYTES ? Number(env.MAX_BODY_BYTES) : undefined,
    enableMetrics: flag(env.ENABLE_METRICS),
    metricsNamespace: env.METRICS_NAMESPACE || undefined,
    trustCdnHeaders: flag(env.TRUST_CDN_HEADERS),
    originVerifySecret: env.ORIGIN_VERIFY_SECRET || undefined,
    expectedBucketOwner: env.EXPECTED_BUCKET_OWNER || undefined,
    stageNames: env.STAGE_NAMES === undefined ? undefined : list(env.STAGE_NAMES),
    partitionTimeZone: env.PARTITION_TIME_ZONE || undefined,
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
    stageNames: config.stageNames,
    partitionTimeZone: config.partitionTimeZone,
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
    // The original tracker's name (`CORS_ORIGIN` is still read as its alias).
    CORS_ORIGINS: config.corsOrigins.join(','),
    BUCKET_ORIGINS: JSON.stringify(config.bucketOrigins),
    ENABLE_METRICS: String(config.enableMetrics),
    METRICS_NAMESPACE: config.metricsNamespace,
    STORE_USER_AGENT: config.userAgent,
  };
  if (config.saltParameterPath !== undefined) env.SALT_PARAMETER_PATH = config.saltParameterPath;
  if (config.maxBodyBytes !== LIMITS.maxBodyBytes) env.MAX_BODY_BYTES = String(config.maxBodyBytes);
  if (config.trustCdnHeaders) env.TRUST_CDN_HEADERS = 'true';
  if (config.stageNames !== undefined) env.STAGE_NAMES = config.stageNames.join(',');
  if (config.partitionTimeZone !== undefined) env.PARTITION_TIME_ZONE = config.partitionTimeZone;
  if (config.originVerifySecret !== undefined) env.ORIGIN_VERIFY_SECRET = config.originVerifySecret;
  // S3 refuses a write to a bucket another account owns (e.g. re-created after a deletion).
  if (config.expectedBucketOwner !== undefined) env.EXPECTED_BUCKET_OWNER = config.expectedBucketOwner;
  return env;
}
