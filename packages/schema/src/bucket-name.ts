/**
 * S3 general-purpose bucket naming rules, checked without building any regex from input.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */

const SHAPE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IPV4_SHAPE = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'] as const;
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'] as const;

/**
 * Returns why `name` is not a valid S3 bucket name, or `undefined` when it is.
 *
 * @example
 * bucketNameProblem('app1-analytics-prod'); // undefined
 * bucketNameProblem('App1'); // 'must be 3-63 characters of a-z, 0-9, "." and "-", starting and ending with a letter or digit'
 */
export function bucketNameProblem(name: string): string | undefined {
  if (!SHAPE.test(name)) {
    return 'must be 3-63 characters of a-z, 0-9, "." and "-", starting and ending with a letter or digit';
  }
  if (name.includes('..')) return 'must not contain two adjacent periods';
  if (IPV4_SHAPE.test(name)) return 'must not be formatted as an IP address';
  if (RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix))) return 'uses a prefix reserved by S3';
  if (RESERVED_SUFFIXES.some((suffix) => name.endsWith(suffix))) return 'uses a suffix reserved by S3';
  return undefined;
}

/**
 * True when `name` follows the S3 bucket naming rules.
 *
 * @example
 * isValidBucketName('app1-analytics-prod'); // true
 */
export function isValidBucketName(name: string): boolean {
  return bucketNameProblem(name) === undefined;
}
