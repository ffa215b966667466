import { ForbiddenError, StorageUnavailableError, type TrackerError } from './errors.js';
import { CLOCK_SKEW_ERROR_CODES, CREDENTIAL_ERROR_CODES } from './s3-retry.js';

/**
 * 403: S3 refused a write for a reason of the deployment, which no retry fixes; counted as
 * `bucket_access_denied` (the `…-storage-denied` alarm). `detail` (what S3 said, the region it named)
 * goes to the log only.
 */
export class StorageRefusedError extends ForbiddenError {
  override name = 'StorageRefusedError';
  constructor(
    message: string,
    readonly detail: string,
    override readonly cause: unknown,
  ) {
    super(message, 'bucket_access_denied');
  }
}

/**
 * A bucket that a `*` pattern allows but that does not exist will never accept a write: that is the
 * sender's mistake (403, do not retry), not an outage (503, retry).
 */
const NO_SUCH_BUCKET = new ForbiddenError(
  'The specified bucket does not exist; check the bucket name',
  'bucket_not_found',
);

/** S3 refused the write (403 AccessDenied): a bucket policy, a KMS key the function may not use, another owner. */
const ACCESS_DENIED_MESSAGE =
  'The tracker may not write to this bucket (S3 denied access); nothing was stored. The deployment must be fixed: retrying will not help';

/** The bucket is in another region than the tracker (e.g. a `*` pattern allowed it): S3 will never take the write here. */
const OTHER_REGION_MESSAGE =
  "The tracker may not write to this bucket (it is in another AWS region than the tracker's); nothing was stored. The deployment must be fixed: retrying will not help";

/**
 * S3's answers for a bucket in another region than the request was signed for
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html): `PermanentRedirect` (301, "The
 * bucket that you are attempting to access must be addressed using the specified endpoint"),
 * `AuthorizationHeaderMalformed` (400, with the bucket's `<Region>`) and
 * `IllegalLocationConstraintException` (400, "you are trying to access a bucket from a different Region").
 */
const OTHER_REGION_CODES: readonly string[] = [
  'AuthorizationHeaderMalformed',
  'IllegalLocationConstraintException',
  'PermanentRedirect',
];

interface AwsLikeError extends Error {
  $metadata?: { httpStatusCode?: number };
  bucketRegion?: string;
}

const statusOf = (cause: AwsLikeError) => cause.$metadata?.httpStatusCode;

/**
 * Refusals that time may fix, which the store already retried once with fresh credentials or a
 * corrected clock: expired or unknown credentials (`CREDENTIAL_ERROR_CODES`) and the SDK's clock-skew
 * codes (`RequestTimeTooSkewed`, `SignatureDoesNotMatch`, …). Not the sender's fault nor a setting to
 * fix, so the answer is the 503 clients retry, and S3's code is in the log.
 */
const mayPassWithTime = (cause: AwsLikeError) =>
  CREDENTIAL_ERROR_CODES.includes(cause.name) || CLOCK_SKEW_ERROR_CODES.includes(cause.name);

/**
 * What the caller is told when the store's `put` rejected: `undefined` when the object is in fact
 * stored (S3's 412 to a first-wins write: keys come from the content, so the object there is this
 * one); a 403 when no retry can help (the bucket does not exist, S3 denied access, the bucket is in
 * another region); otherwise the 503 with `Retry-After` (S3 failed after its retries, ran out of the
 * invocation's time, or refused credentials or a clock that time may fix).
 *
 * @example
 * storeFailure(new S3RequestError('PreconditionFailed', '…', { httpStatusCode: 412 })); // undefined
 * storeFailure(new S3RequestError('AccessDenied', '…', { httpStatusCode: 403 }))?.status; // 403
 * storeFailure(new S3RequestError('ExpiredToken', '…', { httpStatusCode: 400 }))?.status; // 503
 */
export function storeFailure(cause: unknown): TrackerError | undefined {
  if (!(cause instanceof Error)) return new StorageUnavailableError(cause);
  const error: AwsLikeError = cause;
  if (error.name === 'PreconditionFailed' || statusOf(error) === 412) return undefined;
  if (error.name === 'NoSuchBucket') return NO_SUCH_BUCKET;
  if (OTHER_REGION_CODES.includes(error.name)) {
    const region = error.bucketRegion ?? 'not named';
    return new StorageRefusedError(
      OTHER_REGION_MESSAGE,
      `S3 answered ${error.name}: the bucket is in region ${region}`,
      cause,
    );
  }
  if (mayPassWithTime(error)) return new StorageUnavailableError(cause);
  // AccessDenied, and any other 403 (a bodiless one from something in between, AllAccessDisabled, …).
  if (error.name === 'AccessDenied' || statusOf(error) === 403) {
    return new StorageRefusedError(ACCESS_DENIED_MESSAGE, `S3 answered ${error.name}`, cause);
  }
  return new StorageUnavailableError(cause);
}
