import type { TrackerConfig } from '@analytics-tracker/schema';
import { InvalidInfraConfigError } from './errors.js';

/**
 * The AWS SDK's endpoint switches for every function's environment, from `endpoints` of the config:
 * `AWS_USE_FIPS_ENDPOINT` and `AWS_USE_DUALSTACK_ENDPOINT`, set only when on (the tracker's own S3 and
 * SSM requests and the SDK clients of the other functions read them alike). FIPS in China stops synth:
 * S3 has no FIPS endpoint there, so the tracker would refuse to start.
 *
 * @example
 * awsEndpointEnvironment(defineConfig({ region: 'us-gov-west-1', endpoints: { fips: true } }));
 * // { AWS_USE_FIPS_ENDPOINT: 'true' }
 */
export function awsEndpointEnvironment(config: TrackerConfig): Record<string, string> {
  const { fips, dualStack } = config.endpoints;
  if (fips && config.region.startsWith('cn-'))
    throw new InvalidInfraConfigError(
      `endpoints.fips: S3 has no FIPS endpoint in China (region ${config.region}); the tracker could not start`,
    );
  return {
    ...(fips ? { AWS_USE_FIPS_ENDPOINT: 'true' } : {}),
    ...(dualStack ? { AWS_USE_DUALSTACK_ENDPOINT: 'true' } : {}),
  };
}
