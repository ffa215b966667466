import {
  allowedBucketPatterns,
  bucketOrigins,
  saltParameterPath,
  type TrackerConfig,
} from '@analytics-tracker/schema';

/** The namespace the handler's CloudWatch metrics (Embedded Metric Format) are written under. */
export const METRICS_NAMESPACE = 'AnalyticsTracker';

/** Secrets the environment references; in the stack these are Terraform variable references, never values. */
export interface HandlerSecrets {
  /** Set only when CloudFront fronts the Function URL. */
  originVerifySecret?: string;
}

/**
 * The Lambda environment, in the names `handlerConfigFromEnv` reads: the seed's `ALLOWED_BUCKETS` and
 * `CORS_ORIGIN`, per-bucket origins, where the daily salts are, what is kept of user agents, metrics,
 * and the CloudFront switches. No secret: the salts are read from SSM at run time.
 *
 * @example
 * handlerEnvironment(config, {}, { sourceMaps: true, accountId }).ALLOWED_BUCKETS;
 * // 'app1-analytics-prod,app2-analytics-staging,*-analytics'
 */
export function handlerEnvironment(
  config: TrackerConfig,
  secrets: HandlerSecrets,
  options: { sourceMaps: boolean; accountId: string },
): Record<string, string> {
  const environment: Record<string, string> = {
    ALLOWED_BUCKETS: allowedBucketPatterns(config).join(','),
    CORS_ORIGIN: config.corsOrigin,
    BUCKET_ORIGINS: JSON.stringify(bucketOrigins(config)),
    SALT_PARAMETER_PATH: saltParameterPath(config),
    STORE_USER_AGENT: config.userAgent,
    ENABLE_METRICS: String(config.enableMetrics),
    METRICS_NAMESPACE,
    // S3 refuses a write to a bucket another account owns (e.g. re-created after a deletion).
    EXPECTED_BUCKET_OWNER: options.accountId,
  };
  if (config.cloudfront.enabled && secrets.originVerifySecret !== undefined) {
    environment.TRUST_CDN_HEADERS = 'true';
    environment.ORIGIN_VERIFY_SECRET = secrets.originVerifySecret;
  }
  if (options.sourceMaps) environment.NODE_OPTIONS = '--enable-source-maps';
  return environment;
}
