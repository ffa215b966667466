import {
  allowedBucketPatterns,
  bucketOrigins,
  corsOrigins,
  deploymentNames,
  type TrackerConfig,
} from '@analytics-tracker/schema';

/** Secrets the environment references; in the stack these are Terraform variable references, never values. */
export interface HandlerSecrets {
  ipHashSecret: string;
  /**
   * Name of the SSM SecureString parameter holding the origin-verify secret, which the function reads
   * at start (`ORIGIN_VERIFY_PARAMETER`); set only when CloudFront fronts the Function URL.
   */
  originVerifyParameter?: string;
}

/**
 * The Lambda environment, in the names `handlerConfigFromEnv` reads: the seed's `ALLOWED_BUCKETS` and
 * `CORS_ORIGIN`, per-bucket origins, the IP-hash secret, metrics, and the CloudFront switches (the
 * origin secret by SSM parameter name).
 *
 * @example
 * handlerEnvironment(config, { ipHashSecret: '${var.ip_hash_secret}' }, { sourceMaps: true, accountId }).ALLOWED_BUCKETS;
 * // 'app1-analytics-prod,app2-analytics-staging,*-analytics'
 */
export function handlerEnvironment(
  config: TrackerConfig,
  secrets: HandlerSecrets,
  options: { sourceMaps: boolean; accountId: string },
): Record<string, string> {
  const environment: Record<string, string> = {
    ALLOWED_BUCKETS: allowedBucketPatterns(config).join(','),
    // The same list as the Function URL's CORS: the handler refuses an Origin missing from it.
    CORS_ORIGIN: corsOrigins(config).join(','),
    BUCKET_ORIGINS: JSON.stringify(bucketOrigins(config)),
    IP_HASH_SECRET: secrets.ipHashSecret,
    ENABLE_METRICS: String(config.enableMetrics),
    METRICS_NAMESPACE: deploymentNames(config).metricsNamespace,
    // S3 refuses a write to a bucket another account owns (e.g. re-created after a deletion).
    EXPECTED_BUCKET_OWNER: options.accountId,
  };
  if (config.cloudfront.enabled && secrets.originVerifyParameter !== undefined) {
    environment.TRUST_CDN_HEADERS = 'true';
    // The parameter's name, never the secret: GetFunctionConfiguration shows the environment.
    environment.ORIGIN_VERIFY_PARAMETER = secrets.originVerifyParameter;
  }
  if (options.sourceMaps) environment.NODE_OPTIONS = '--enable-source-maps';
  return environment;
}
