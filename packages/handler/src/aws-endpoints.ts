/** The endpoint variant the environment asks for, as the AWS SDKs read it. */
export interface EndpointVariant {
  /** `AWS_USE_FIPS_ENDPOINT=true`: FIPS 140 validated endpoints (`s3-fips.…`, `ssm-fips.…`). */
  fips: boolean;
  /** `AWS_USE_DUALSTACK_ENDPOINT=true`: endpoints reachable over IPv6 as well as IPv4. */
  dualStack: boolean;
}

/**
 * Thrown at start when the endpoint settings cannot be honoured, where the AWS SDK refuses the same
 * settings: FIPS or dual-stack together with a custom endpoint, or FIPS for S3 in a partition without
 * it (China). The tracker never falls back to a standard endpoint, which would break the compliance
 * the switch asks for.
 *
 * @example
 * createSignedS3Store({ env: { AWS_USE_FIPS_ENDPOINT: 'true', AWS_ENDPOINT_URL_S3: 'https://s3.example' } });
 * // throws UnsupportedEndpointError: AWS_USE_FIPS_ENDPOINT=true cannot be combined with a custom S3 endpoint …
 */
export class UnsupportedEndpointError extends Error {
  override name = 'UnsupportedEndpointError';
}

/** One AWS partition's DNS suffixes (the SDK's `partitions.json`, `@aws-sdk/core` util-endpoints). */
interface Partition {
  name: string;
  dnsSuffix: string;
  dualStackDnsSuffix: string;
}

const AWS: Partition = { name: 'aws', dnsSuffix: 'amazonaws.com', dualStackDnsSuffix: 'api.aws' };

/** The partitions other than `aws`, by the region patterns of the SDK's partition data. */
const PARTITIONS: readonly (Partition & { regions: RegExp })[] = [
  {
    name: 'aws-cn',
    regions: /^cn-\w+-\d+$/,
    dnsSuffix: 'amazonaws.com.cn',
    dualStackDnsSuffix: 'api.amazonwebservices.com.cn',
  },
  {
    name: 'aws-us-gov',
    regions: /^us-gov-\w+-\d+$/,
    dnsSuffix: 'amazonaws.com',
    dualStackDnsSuffix: 'api.aws',
  },
  {
    name: 'aws-iso',
    regions: /^us-iso-\w+-\d+$/,
    dnsSuffix: 'c2s.ic.gov',
    dualStackDnsSuffix: 'api.aws.ic.gov',
  },
  {
    name: 'aws-iso-b',
    regions: /^us-isob-\w+-\d+$/,
    dnsSuffix: 'sc2s.sgov.gov',
    dualStackDnsSuffix: 'api.aws.scloud',
  },
  {
    name: 'aws-iso-e',
    regions: /^eu-isoe-\w+-\d+$/,
    dnsSuffix: 'cloud.adc-e.uk',
    dualStackDnsSuffix: 'api.cloud-aws.adc-e.uk',
  },
  {
    name: 'aws-iso-f',
    regions: /^us-isof-\w+-\d+$/,
    dnsSuffix: 'csp.hci.ic.gov',
    dualStackDnsSuffix: 'api.aws.hci.ic.gov',
  },
  {
    name: 'aws-eusc',
    regions: /^eusc-de-\w+-\d+$/,
    dnsSuffix: 'amazonaws.eu',
    dualStackDnsSuffix: 'api.amazonwebservices.eu',
  },
];

/** The partition of a region; any other name is `aws`, as in the SDK. */
const partitionOf = (region: string): Partition =>
  PARTITIONS.find((partition) => partition.regions.test(region)) ?? AWS;

const isTrue = (value: string | undefined) => value?.toLowerCase() === 'true';

/**
 * The FIPS and dual-stack switches of the environment (`AWS_USE_FIPS_ENDPOINT`,
 * `AWS_USE_DUALSTACK_ENDPOINT`; `true` in any case turns one on).
 *
 * @example
 * endpointVariant({ AWS_USE_FIPS_ENDPOINT: 'true' }); // { fips: true, dualStack: false }
 */
export function endpointVariant(env: NodeJS.ProcessEnv): EndpointVariant {
  return { fips: isTrue(env.AWS_USE_FIPS_ENDPOINT), dualStack: isTrue(env.AWS_USE_DUALSTACK_ENDPOINT) };
}

/**
 * Refuses a custom endpoint together with FIPS or dual-stack, as the SDK's endpoint rules do for S3
 * and SSM: the switches choose among AWS's own host names, which a custom endpoint replaces, so one of
 * the two settings would be silently ignored.
 *
 * @example
 * refuseCustomEndpointWithVariant('S3', { fips: true, dualStack: false }); // throws UnsupportedEndpointError
 */
export function refuseCustomEndpointWithVariant(service: 'S3' | 'SSM', variant: EndpointVariant): void {
  const variable = variant.fips
    ? 'AWS_USE_FIPS_ENDPOINT'
    : variant.dualStack
      ? 'AWS_USE_DUALSTACK_ENDPOINT'
      : '';
  if (!variable) return;
  throw new UnsupportedEndpointError(
    `${variable}=true cannot be combined with a custom ${service} endpoint (AWS_ENDPOINT_URL_${service}, ` +
      `AWS_ENDPOINT_URL or the endpoint option), as in the AWS SDK: unset the endpoint and the tracker ` +
      `builds the region's ${variant.fips ? 'FIPS' : 'dual-stack'} host itself, or unset ${variable}`,
  );
}

/**
 * S3's endpoint for a region, as `@aws-sdk/client-s3`'s endpoint rules build it (buckets are then
 * addressed on it, see `s3ObjectTarget`): `https://s3.<region>.<dnsSuffix>`, `s3-fips.` with FIPS,
 * `.dualstack` after `s3`/`s3-fips` with dual-stack. S3 has no FIPS endpoint in China (aws-cn).
 *
 * @example
 * s3RegionalEndpoint('us-gov-west-1', { fips: true, dualStack: true });
 * // 'https://s3-fips.dualstack.us-gov-west-1.amazonaws.com'
 */
export function s3RegionalEndpoint(region: string, variant: EndpointVariant): string {
  const partition = partitionOf(region);
  if (variant.fips && partition.name === 'aws-cn')
    throw new UnsupportedEndpointError(
      `AWS_USE_FIPS_ENDPOINT=true: S3 has no FIPS endpoint in the ${partition.name} partition (region ${region})`,
    );
  const service = `s3${variant.fips ? '-fips' : ''}${variant.dualStack ? '.dualstack' : ''}`;
  return `https://${service}.${region}.${partition.dnsSuffix}`;
}

/**
 * SSM's endpoint for a region, as `@aws-sdk/client-ssm`'s endpoint rules build it:
 * `https://ssm.<region>.<dnsSuffix>`, `ssm-fips.` with FIPS (GovCloud's standard endpoints are
 * already FIPS: FIPS alone keeps `ssm.`), the partition's dual-stack suffix (`api.aws`, …) with
 * dual-stack.
 *
 * @example
 * ssmRegionalEndpoint('eu-west-1', { fips: true, dualStack: true }); // 'https://ssm-fips.eu-west-1.api.aws'
 */
export function ssmRegionalEndpoint(region: string, variant: EndpointVariant): string {
  const partition = partitionOf(region);
  const suffix = variant.dualStack ? partition.dualStackDnsSuffix : partition.dnsSuffix;
  const fipsHost = variant.fips && !(partition.name === 'aws-us-gov' && !variant.dualStack);
  return `https://ssm${fipsHost ? '-fips' : ''}.${region}.${suffix}`;
}
