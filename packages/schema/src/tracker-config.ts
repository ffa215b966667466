import * as z from 'zod/mini';
import { describeConfigIssues } from './config-issues.js';
import { namingProblems } from './deployment-names.js';
import { InvalidConfigError } from './errors.js';
import { BucketNameSchema } from './event.js';
import { isTimeZone } from './time-zone.js';
import { UserAgentModeSchema } from './user-agent-mode.js';

/**
 * `arn:<partition>:kms:<region>:<12-digit account>:key/<key id>`, the only form IAM matches a key by
 * (https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html): a policy statement
 * whose Resource is an alias ARN never matches a key, and a bare `alias/…` is not an ARN at all.
 */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:key\/[a-zA-Z0-9-]+$/;

/**
 * A customer-managed KMS key, by key ARN only, with a message saying why an alias will not do.
 *
 * @example
 * kmsKeyArnSchema('buckets.kmsKeyArn').parse('arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
 */
function kmsKeyArnSchema(field: string) {
  return z.string().check(
    z.regex(KMS_KEY_ARN, {
      error: `${field} must be a KMS key ARN, arn:<partition>:kms:<region>:<12-digit account>:key/<key id>. An alias (alias/… or an alias ARN) will not work: IAM grants on a key match only its key ARN, never an alias, so the policy is refused or every use of the key is denied. Find the key ARN with: aws kms describe-key --key-id alias/<name> --query KeyMetadata.Arn`,
    }),
  );
}

/**
 * Longest `functionPrefix`: the longest name made from it, the salt rotation's scheduler role
 * `<functionPrefix>-analytics-salt-rotation-scheduler` (34 more characters), must fit IAM's 64. With an
 * `environment` the names are longer still: those are checked name by name (`namingProblems`).
 */
const MAX_FUNCTION_PREFIX_LENGTH = 30;

/**
 * Default cap on concurrent executions (`reservedConcurrency`): about 2,500 single-event requests a
 * second at ~20 ms each, far above a normal site's traffic, while a flood costs at most 50 instances.
 */
export const DEFAULT_RESERVED_CONCURRENCY = 50;

/**
 * Days raw JSON stays under `analytics/` before S3 expires it (default of `compaction.rawRetentionDays`):
 * a month of forensics copies and of days that can still be compacted again; the counted rows live on
 * in the compacted Parquet days, which never expire.
 */
export const DEFAULT_RAW_RETENTION_DAYS = 30;

/**
 * The shortest raw retention: compacting a day reads it and the day before, and the daily function
 * compacts every day of the retention window not compacted yet, so a week leaves five days to notice
 * and fix a failing compaction before any raw day it has not compacted expires.
 */
export const MIN_RAW_RETENTION_DAYS = 7;

/** Default WAF rate limit behind CloudFront: requests per client IP in any 5-minute window. */
export const DEFAULT_RATE_LIMIT_PER_5_MINUTES = 2000;

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
export const AppConfigSchema = z
  .strictObject({
    /** Short id: names the Glue/Athena table `<name>_events`. */
    name: z
      .string()
      .check(z.regex(/^[a-z][a-z0-9_]{0,47}$/, { error: 'app name must match [a-z][a-z0-9_]{0,47}' })),
    bucket: BucketNameSchema,
    /** Browser origins allowed to send events to this bucket; empty allows any. */
    allowedOrigins: z._default(z.array(z.url()), []),
    /** Let Terraform create and lock down the bucket (otherwise it must exist). */
    createBucket: z._default(z.boolean(), false),
    /**
     * The bucket exists (e.g. from the original tracker): import it into Terraform and manage it like a
     * created one (policy with delete protection, versioning, lifecycle), keeping its data.
     */
    adoptBucket: z._default(z.boolean(), false),
    /**
     * The app's `<name>_events` table exists in the adopted Glue database (the original tracker's, made
     * from its README): import it, then update it to this schema. Needs `adopt.glueCatalog`. Leave it
     * out for an app whose table does not exist yet: Terraform creates it.
     */
    adoptTable: z._default(z.boolean(), false),
    /**
     * With `adoptBucket`: whether Terraform manages the bucket's lifecycle configuration (default true).
     * S3 keeps ONE lifecycle configuration per bucket and PutBucketLifecycleConfiguration replaces all
     * of it: managing it deletes every rule other teams put on the bucket. Set false to leave the
     * bucket's lifecycle as it is (then add the tracker's rules to it yourself, see the terraform README).
     */
    manageLifecycle: z._default(z.boolean(), true),
    /**
     * With `adoptBucket`: whether Terraform manages the bucket policy (default true). PutBucketPolicy
     * replaces the whole policy, so managing it drops every statement other teams wrote; set false to
     * keep the bucket's own policy (it then gets no TLS-only or deny-delete statements from here).
     */
    managePolicy: z._default(z.boolean(), true),
    /** The bucket's own customer-managed KMS key, if its default encryption uses one: the function gets `kms:GenerateDataKey` on it. */
    kmsKeyArn: z.optional(kmsKeyArnSchema('kmsKeyArn')),
    /**
     * IANA zone the dashboard shows this app's days and hours in (`Europe/Berlin`); UTC without it.
     * Only how figures are read: where events are stored is `partitionTimeZone`.
     */
    timeZone: z.optional(
      z
        .string()
        .check(z.refine(isTimeZone, { error: 'timeZone must be an IANA time zone (e.g. Europe/Berlin)' })),
    ),
  })
  .check(
    z.refine((app) => !(app.createBucket && app.adoptBucket), {
      error:
        'an app either creates its bucket (createBucket) or adopts an existing one (adoptBucket), not both',
    }),
    // A bucket created here has no one else's rules to keep: it is always locked down in full.
    z.refine((app) => app.adoptBucket || (app.manageLifecycle && app.managePolicy), {
      error:
        "manageLifecycle: false and managePolicy: false leave an adopted bucket's own lifecycle or policy alone: they need adoptBucket",
      path: ['adoptBucket'],
    }),
  );

/**
 * `tracker.config.ts`: the platform team's one file, read by `terraform/` and by `npm run offline`.
 * The seed's options (allowedBuckets, corsOrigin, functionPrefix, apiName, enableMetrics, lambdaTimeout)
 * plus apps, sizing, retention, Glue/Athena and the optional CloudFront front door.
 *
 * @example
 * export default defineConfig({ allowedBuckets: ['*-analytics'], apps: [{ name: 'web', bucket: 'web-analytics' }] });
 */
export const TrackerConfigSchema = z
  .strictObject({
    /**
     * Extra buckets or `*` patterns beyond the apps' own buckets. Empty by default: exact bucket names
     * from `apps` are the safe choice, since a pattern lets any caller pick any matching bucket.
     */
    allowedBuckets: z._default(
      z.array(
        z
          .string()
          .check(z.regex(BUCKET_PATTERN, { error: 'allowedBuckets entries are bucket names or * patterns' })),
      ),
      [],
    ),
    /**
     * Deployment environment (`staging`, `prod`): scopes the stack, its state file, the function, the
     * Glue database, the workgroup and the results bucket, so environments never share one. Leave it
     * out to keep the original tracker's names.
     */
    environment: z.optional(
      z.string().check(
        z.regex(/^[a-z][a-z0-9]{0,15}$/, {
          error: 'environment must match [a-z][a-z0-9]{0,15}, e.g. "prod"',
        }),
      ),
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
    functionPrefix: z._default(
      z.string().check(
        // {1,30}: MAX_FUNCTION_PREFIX_LENGTH
        z.regex(/^[a-zA-Z0-9_-]{1,30}$/, {
          error: `functionPrefix must be 1 to ${MAX_FUNCTION_PREFIX_LENGTH} letters, digits, hyphens or underscores: the longest name made from it, the IAM role "<functionPrefix>-analytics-salt-rotation-scheduler", may have at most 64 characters`,
        }),
      ),
      'analytics',
    ),
    apiName: z._default(z.string().check(z.regex(/^[a-zA-Z0-9-_]{1,64}$/)), 'analytics-api'),
    enableMetrics: z._default(z.boolean(), true),
    /** Seconds. */
    lambdaTimeout: z._default(z.int().check(z.gte(1), z.lte(900)), 10),
    region: z._default(
      z
        .string()
        .check(
          z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'region must be an AWS region such as us-east-1' }),
        ),
      'us-east-1',
    ),
    /** MB. */
    memorySize: z._default(z.int().check(z.gte(128), z.lte(10240)), 256),
    /**
     * A hard cap on concurrent executions, and so on cost (default 50). `null` reserves nothing: needed in
     * new accounts whose concurrency quota is 10, where Lambda refuses any reservation.
     */
    reservedConcurrency: z._default(z.nullable(z.int().check(z.gte(1))), DEFAULT_RESERVED_CONCURRENCY),
    logRetentionDays: z._default(
      z.int().check(z.refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days))),
      30,
    ),
    apps: z._default(z.array(AppConfigSchema), []),
    /**
     * What is kept of a visitor's user agent: `parsed` (default) the device fields (and crawlers' strings);
     * `full` every whole string, as the original tracker did (a fingerprinting risk); `none` only device type and bot flag.
     */
    userAgent: z._default(UserAgentModeSchema, 'parsed'),
    /** A customer-managed KMS key for the daily salts' SecureStrings (default: the account's `aws/ssm` key). */
    saltKmsKeyArn: z.optional(kmsKeyArnSchema('saltKmsKeyArn')),
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
    /** The daily compaction of raw JSON into Parquet (sql/README.md, "Compaction"). */
    compaction: z._default(
      z.strictObject({
        /**
         * Days a raw JSON object is kept under `analytics/` before S3 expires it (default 30, at least 7).
         * Not applied to adopted buckets: their history from before the tracker was never compacted.
         */
        rawRetentionDays: z._default(
          z.int().check(
            z.gte(MIN_RAW_RETENTION_DAYS, {
              error: `compaction.rawRetentionDays must be at least ${MIN_RAW_RETENTION_DAYS} (days to notice a failing compaction before raw days expire)`,
            }),
            z.lte(3650),
          ),
          DEFAULT_RAW_RETENTION_DAYS,
        ),
      }),
      { rawRetentionDays: DEFAULT_RAW_RETENTION_DAYS },
    ),
    /**
     * The AWS endpoints every function uses: `fips` (FIPS 140 validated, `AWS_USE_FIPS_ENDPOINT`) and
     * `dualStack` (IPv6 and IPv4, `AWS_USE_DUALSTACK_ENDPOINT`); Terraform sets the variables, the
     * tracker and the SDK build the hosts. S3 has no FIPS endpoint in China.
     */
    endpoints: z._default(
      z.strictObject({ fips: z._default(z.boolean(), false), dualStack: z._default(z.boolean(), false) }),
      { fips: false, dualStack: false },
    ),
    buckets: z._default(
      z.strictObject({
        encryption: z._default(z.enum(['SSE_S3', 'KMS']), 'SSE_S3'),
        kmsKeyArn: z.optional(kmsKeyArnSchema('buckets.kmsKeyArn')),
        versioning: z._default(z.boolean(), false),
      }),
      { encryption: 'SSE_S3', versioning: false },
    ),
    cloudfront: z._default(
      z.strictObject({
        enabled: z._default(z.boolean(), false),
        domainName: z.optional(z.string()),
        certificateArn: z.optional(z.string()),
        /** WAF rate rule: requests one client IP may send in 5 minutes before it is blocked (AWS minimum 10). */
        rateLimit: z._default(
          z.int().check(z.gte(10), z.lte(2_000_000_000)),
          DEFAULT_RATE_LIMIT_PER_5_MINUTES,
        ),
      }),
      { enabled: false, rateLimit: DEFAULT_RATE_LIMIT_PER_5_MINUTES },
    ),
    /**
     * Resources the original tracker (or an earlier apply) already created, to import instead of
     * create, under their original (never environment-scoped) names: its
     * `/aws/lambda/<functionPrefix>-analytics-tracker` log group, and the Glue database `glueDatabase`.
     * Which apps' tables exist in that database is said per app (`adoptTable`).
     */
    adopt: z._default(
      z.strictObject({
        logGroup: z._default(z.boolean(), false),
        glueCatalog: z._default(z.boolean(), false),
      }),
      { logGroup: false, glueCatalog: false },
    ),
    /** Where alarms go: an email address subscribed to the alarms' SNS topic (confirm the first mail). */
    alarms: z._default(z.strictObject({ email: z.optional(z.email()) }), {}),
  })
  .check(
    // Every name AWS will see, checked against its rule here rather than halfway through `terraform apply`.
    z.superRefine((config, context) => {
      for (const problem of namingProblems(config)) {
        context.addIssue({ code: 'custom', message: problem.message, path: problem.path, input: config });
      }
      // A table lives in its database: importing it from a database Terraform would create cannot work.
      config.apps.forEach((app, index) => {
        if (app.adoptTable && !config.adopt.glueCatalog) {
          context.addIssue({
            code: 'custom',
            message: `apps[${index}].adoptTable imports "${app.name}_events" from the existing Glue database "${config.glueDatabase}": set adopt.glueCatalog too`,
            path: ['apps', index, 'adoptTable'],
            input: config,
          });
        }
      });
    }),
  );

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
 * Every browser origin CORS must let through: `corsOrigin` (`*` or a comma list) plus each app's
 * `allowedOrigins`. The Function URL answers preflights itself, before the handler runs, so an origin
 * missing here fails in the browser even when its app allows it. `['*']` when any entry is `*` or
 * nothing is listed.
 *
 * @example
 * corsOrigins({ corsOrigin: 'https://a.example', apps: [{ allowedOrigins: ['https://shop.example'] }] });
 * // ['https://a.example', 'https://shop.example']
 */
export function corsOrigins(config: {
  corsOrigin: string;
  apps: readonly Pick<AppConfig, 'allowedOrigins'>[];
}): string[] {
  const listed = config.corsOrigin
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
  const all = [...new Set([...listed, ...config.apps.flatMap((app) => app.allowedOrigins)])];
  return all.length === 0 || all.includes('*') ? ['*'] : all;
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

/**
 * The SSM Parameter Store path of the daily salts (`SALT_PARAMETER_PATH`): one SecureString per UTC
 * day below it, `<path>/YYYY-MM-DD`, made and destroyed by the rotation function.
 *
 * @example
 * saltParameterPath({ functionPrefix: 'mycompany' }); // '/mycompany/analytics-tracker/salts'
 */
export function saltParameterPath(config: Pick<TrackerConfig, 'functionPrefix' | 'environment'>): string {
  // Two environments in one account must never share (or rotate away) each other's salts.
  const scope =
    config.environment === undefined
      ? config.functionPrefix
      : `${config.functionPrefix}-${config.environment}`;
  return `/${scope}/analytics-tracker/salts`;
}
