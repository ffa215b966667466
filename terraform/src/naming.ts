import type { TrackerConfig } from '@analytics-tracker/schema';

/**
 * The Lambda function's name: `<functionPrefix>-analytics-tracker`, as in the system we replace.
 *
 * @example
 * functionName({ functionPrefix: 'mycompany' }); // 'mycompany-analytics-tracker'
 */
export function functionName(config: Pick<TrackerConfig, 'functionPrefix'>): string {
  return `${config.functionPrefix}-analytics-tracker`;
}

/**
 * The Athena workgroup's name: the configured one, else `<apiName>-workgroup`.
 *
 * @example
 * workgroupName({ apiName: 'mycompany-analytics-api', athena: { bytesScannedCutoffPerQuery: 1e10 } });
 * // 'mycompany-analytics-api-workgroup'
 */
export function workgroupName(config: Pick<TrackerConfig, 'apiName' | 'athena'>): string {
  return config.athena.workgroup ?? `${config.apiName}-workgroup`;
}

/**
 * A bucket-name-safe form of the function prefix (bucket names are lower case, no underscores),
 * used to name buckets Terraform creates for the tracker itself.
 *
 * @example
 * bucketSafePrefix({ functionPrefix: 'My_Company' }); // 'my-company'
 */
export function bucketSafePrefix(config: Pick<TrackerConfig, 'functionPrefix'>): string {
  return config.functionPrefix.toLowerCase().replaceAll('_', '-');
}
