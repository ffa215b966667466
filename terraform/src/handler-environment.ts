import { handlerConfigFromTracker, handlerEnv, type TrackerConfig } from '@analytics-tracker/schema';

/** Secrets the environment references; in the stack these are Terraform references, never values. */
export interface HandlerSecrets {
  /**
   * Name of the SSM SecureString parameter holding the origin-verify secret, which the function reads
   * at start (`ORIGIN_VERIFY_PARAMETER`); set only when CloudFront fronts the Function URL.
   */
  originVerifyParameter?: string;
}

/**
 * The Lambda environment: the schema's one mapping (`handlerConfigFromTracker` → `handlerEnv`), so the
 * variables are exactly those `handlerConfigFromEnv` reads in the Lambda, plus source maps when asked.
 * The origin secret goes by SSM parameter name (`ORIGIN_VERIFY_PARAMETER`, resolved by the Lambda at
 * start), never by value: `GetFunctionConfiguration` shows the environment.
 *
 * @example
 * handlerEnvironment(config, {}, { sourceMaps: true, accountId }).ALLOWED_BUCKETS;
 * // 'app1-analytics-prod,app2-analytics-staging'
 */
export function handlerEnvironment(
  config: TrackerConfig,
  secrets: HandlerSecrets,
  options: { sourceMaps: boolean; accountId: string },
): Record<string, string> {
  const { originVerifyParameter } = secrets;
  const environment = handlerEnv(
    handlerConfigFromTracker(config, {
      // Stands in for the secret so the mapping turns CloudFront on; swapped for the parameter below.
      ...(originVerifyParameter === undefined ? {} : { originVerifySecret: originVerifyParameter }),
      expectedBucketOwner: options.accountId,
    }),
  );
  if (environment.ORIGIN_VERIFY_SECRET !== undefined) {
    delete environment.ORIGIN_VERIFY_SECRET;
    environment.ORIGIN_VERIFY_PARAMETER = originVerifyParameter ?? '';
  }
  if (options.sourceMaps) environment.NODE_OPTIONS = '--enable-source-maps';
  return environment;
}
