import { handlerConfigFromTracker, handlerEnv, type TrackerConfig } from '@analytics-tracker/schema';

/** Secrets the environment references; in the stack these are Terraform variable references, never values. */
export interface HandlerSecrets {
  ipHashSecret: string;
  /** Set only when CloudFront fronts the Function URL. */
  originVerifySecret?: string;
}

/**
 * The Lambda environment: the schema's one mapping (`handlerConfigFromTracker` → `handlerEnv`), so the
 * variables are exactly those `handlerConfigFromEnv` reads in the Lambda, plus source maps when asked.
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
  const environment = handlerEnv(
    handlerConfigFromTracker(config, { ...secrets, expectedBucketOwner: options.accountId }),
  );
  if (options.sourceMaps) environment.NODE_OPTIONS = '--enable-source-maps';
  return environment;
}
