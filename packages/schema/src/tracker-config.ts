import * as z from 'zod/mini';
import { describeConfigIssues } from './config-issues.js';
import { InvalidConfigError } from './errors.js';
import { BucketNameSchema } from './event.js';
import { isTimeZone } from './time-zone.js';

/** Characters of a bucket pattern: bucket-name characters plus `*`. */
const BUCKET_PATTERN = /^[a-z0-9.*-]{1,63}$/;

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * One app: its bucket, the browser origins allowed to send to it, and its Athena table name.
 *
 * @example
 * { name: 'app1', bucket: 'app1-analytics-prod', allowedOrigins: ['https://app1.example.com'] }
 */
export const AppConfigSchema = z.strictObject({
  /** Short id: names the Glue/Athena table `<name>_events`. */
  name: z
    .string()
    .check(z.regex(/^[a-z][a-z0-9_]{0,47}$/, { error: 'app name must match [a-z][a-z0-9_]{0,47}' })),
  bucket: BucketNameSchema,
  /** Browser origins allowed to send events to this bucket; empty allows any. */
  allowedOrigins: z._default(z.array(z.url()), []),
  /** Let Terraform create and lock down the bucket (otherwise it must exist). */
  createBucket: z._default(z.boolean(), false),
});

/**
 * `tracker.config.ts`: the platform team's one file, read by `terraform/` and by `npm run offline`.
 * The seed's options (allowedBuckets, corsOrigin, functionPrefix, apiName, enableMetrics, lambdaTimeout)
 * plus apps, sizing, retention, Glue/Athena and the optional CloudFront front door.
 *
 * @example
 * export default defineConfig({ allowedBuckets: ['*-analytics'], apps: [{ name: 'web', bucket: 'web-analytics' }] });
 */
export const TrackerConfigSchema = z.strictObject({
  allowedBuckets: z.array(
    z
      .string()
      .check(z.regex(BUCKET_PATTERN, { error: 'allowedBuckets entries are bucket names or * patterns' })),
  ),
  /**
   * `*`, or the only browser origins allowed (comma list). With a list, requests whose `Origin` is
   * missing or not listed get the original tracker's 403 `Origin not allowed` (it is `CORS_ORIGINS`).
   */
  corsOrigin: z._default(z.string(), '*'),
  /** API Gateway stage names accepted as a path prefix, as the original's `/prod/track` (`STAGE_NAMES`). */
  stageNames: z._default(z.array(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/))), ['prod']),
  /**
   * IANA time zone of the `year=/month=/day=` partitions (`PARTITION_TIME_ZONE`). UTC by default; a
   * team migrating from the original tracker, which used `America/New_York`, may keep that instead.
   */
  partitionTimeZone: z._default(
    z.string().check(z.refine(isTimeZone, { error: 'partitionTimeZone must be an IANA time zone' })),
    'UTC',
  ),
  functionPrefix: z._default(z.string().check(z.regex(/^[a-zA-Z0-9-_]{1,40}$/)), 'analytics'),
  apiName: z._default(z.string().check(z.regex(/^[a-zA-Z0-9-_]{1,64}$/)), 'analytics-api'),
  enableMetrics: z._default(z.boolean(), true),
  /** Seconds. */
  lambdaTimeout: z._default(z.int().check(z.gte(1), z.lte(900)), 10),
  region: z._default(z.string(), 'us-east-1'),
  /** MB. */
  memorySize: z._default(z.int().check(z.gte(128), z.lte(10240)), 256),
  /** A hard cap on concurrent executions, and so on cost. */
  reservedConcurrency: z.optional(z.int().check(z.gte(1))),
  logRetentionDays: z._default(
    z.int().check(z.refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days))),
    30,
  ),
  apps: z._default(z.array(AppConfigSchema), []),
  glueDatabase: z._default(z.string().check(z.regex(/^[a-z][a-z0-9_]{0,254}$/)), 'analytics_db'),
  athena: z._default(
    z.strictObject({
      workgroup: z.optional(z.string()),
      /** s3://bucket/prefix/ for query results; created by Terraform when absent. */
      resultsLocation: z.optional(z.string().check(z.startsWith('s3://'))),
      bytesScannedCutoffPerQuery: z._default(z.int().check(z.gte(10 * 1024 * 1024)), 10 * 1024 ** 3),
    }),
    { bytesScannedCutoffPerQuery: 10 * 1024 ** 3 },
  ),
  buckets: z._default(
    z.strictObject({
      encryption: z._default(z.enum(['SSE_S3', 'KMS']), 'SSE_S3'),
      kmsKeyArn: z.optional(z.string()),
      versioning: z._default(z.boolean(), false),
    }),
    { encryption: 'SSE_S3', versioning: false },
  ),
  cloudfront: z._default(
    z.strictObject({
      enabled: z._default(z.boolean(), false),
      domainName: z.optional(z.string()),
      certificateArn: z.optional(z.string()),
    }),
    { enabled: false },
  ),
});

/** `tracker.config.ts` as written (defaults may be left out). */
export type TrackerConfigInput = z.input<typeof TrackerConfigSchema>;
/** `tracker.config.ts` after validation, with defaults filled in. */
export type TrackerConfig = z.output<typeof TrackerConfigSchema>;
/** One app of the config. */
export type AppConfig = z.output<typeof AppConfigSchema>;

/**
 * Validates a config strictly and fills in defaults: an unknown key (a typo such as `corsOrgin`) is an
 * error naming the closest known key, never silently dropped. Throws `InvalidConfigError`.
 *
 * @example
 * parseTrackerConfig({ allowedBuckets: [], corsOrgin: '*' }); // throws: unknown key "corsOrgin" (did you mean "corsOrigin"?)
 */
export function parseTrackerConfig(config: unknown): TrackerConfig {
  const result = TrackerConfigSchema.safeParse(config);
  if (!result.success) {
    const problems = describeConfigIssues(TrackerConfigSchema, result.error.issues);
    throw new InvalidConfigError(
      `Invalid tracker config:\n${problems.map((line) => `  - ${line}`).join('\n')}`,
    );
  }
  return result.data;
}

/**
 * Validates `tracker.config.ts` and fills in defaults (see `parseTrackerConfig`); typed, so an editor
 * flags a misspelt key before anything runs.
 *
 * @example
 * export default defineConfig({ allowedBuckets: ['app1-analytics-prod'], apps: [{ name: 'app1', bucket: 'app1-analytics-prod' }] });
 */
export function defineConfig(config: TrackerConfigInput): TrackerConfig {
  return parseTrackerConfig(config);
}

/**
 * Every bucket pattern the deployed handler allows: `allowedBuckets` plus each app's bucket.
 *
 * @example
 * allowedBucketPatterns(config).join(','); // the handler's ALLOWED_BUCKETS
 */
export function allowedBucketPatterns(config: TrackerConfig): string[] {
  return [...new Set([...config.allowedBuckets, ...config.apps.map((app) => app.bucket)])];
}

/**
 * Allowed browser origins per bucket, for apps that restrict them (the handler's `BUCKET_ORIGINS`).
 *
 * @example
 * JSON.stringify(bucketOrigins(config)); // {"app1-analytics-prod":["https://app1.example.com"]}
 */
export function bucketOrigins(config: TrackerConfig): Record<string, string[]> {
  return Object.fromEntries(
    config.apps.filter((app) => app.allowedOrigins.length > 0).map((app) => [app.bucket, app.allowedOrigins]),
  );
}

/**
 * The Athena/Glue table name of an app: `<name>_events` (the seed's `app1_events`).
 *
 * @example
 * tableName({ name: 'app1' }); // 'app1_events'
 */
export function tableName(app: Pick<AppConfig, 'name'>): string {
  return `${app.name}_events`;
}
