import type { S3RequestError } from './s3-request-error.js';

// The classification and numbers of the pinned SDK's standard retry mode
// (@smithy/core retry: service-error-classification, StandardRetryStrategy, retries-2026-config).
const THROTTLING_CODES: readonly string[] = [
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
];
const TRANSIENT_CODES: readonly string[] = ['TimeoutError', 'RequestTimeout', 'RequestTimeoutException'];
const TRANSIENT_STATUSES: readonly number[] = [500, 502, 503, 504];
/** Backoff bases: 50 ms, 1 s after throttling; capped at 20 s; full jitter. */
const DELAY_BASE_MS = 50;
const THROTTLING_DELAY_BASE_MS = 1_000;
const MAX_DELAY_MS = 20_000;
/** The retry quota: a client that keeps failing stops retrying until successes refill it. */
const INITIAL_CAPACITY = 500;
const RETRY_COST = 14;
const THROTTLING_RETRY_COST = 5;

type ErrorKind = 'throttling' | 'transient' | 'final';

/**
 * Credentials S3 refused that a fresh set may fix, from S3's list of error codes
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html): `ExpiredToken` (400, "The
 * provided token has expired"), `TokenRefreshRequired` (400, "The provided token must be refreshed"),
 * `InvalidToken` (400, "The provided token is malformed or otherwise invalid") and `InvalidAccessKeyId`
 * (403, "The AWS access key ID that you provided does not exist in our records": a key rotated or not
 * yet known everywhere). The store fetches its credentials again (`forceRefresh`) and retries once.
 */
export const CREDENTIAL_ERROR_CODES: readonly string[] = [
  'ExpiredToken',
  'InvalidAccessKeyId',
  'InvalidToken',
  'TokenRefreshRequired',
];

/**
 * Refusals that a wrong clock causes: the pinned SDK's `CLOCK_SKEW_ERROR_CODES` (@smithy/core retry,
 * service-error-classification constants). S3 names two of them: `RequestTimeTooSkewed` (403, more than
 * 15 minutes between the request's time and S3's) and `SignatureDoesNotMatch` (403).
 */
export const CLOCK_SKEW_ERROR_CODES: readonly string[] = [
  'AccessDeniedException',
  'AuthFailure',
  'InvalidSignatureException',
  'RequestExpired',
  'RequestInTheFuture',
  'RequestTimeTooSkewed',
  'SignatureDoesNotMatch',
];

/**
 * The SDK's rule for correcting its clock (@aws-sdk/core `AwsSdkSigV4Signer`): every answer with S3's
 * time (`Date`, or `<ServerTime>`) sets the offset to `serverTime - now`; an error is retried as
 * transient when that offset is at least 4 minutes and differs from the one the request was signed with.
 */
export const CLOCK_SKEW_THRESHOLD_MS = 240_000;

/**
 * The clock offset after an answer with S3's time (`Date` header or `<ServerTime>`), as the SDK's
 * `getUpdatedSystemClockOffset`: S3's time less ours, or the offset unchanged when the time is unreadable.
 *
 * @example
 * clockOffsetFrom('Mon, 30 Nov 2026 18:00:00 GMT', 0, Date.parse('2026-11-30T17:40:00Z')); // 1200000
 */
export function clockOffsetFrom(serverTime: string, current: number, now: number = Date.now()): number {
  const time = Date.parse(serverTime);
  return Number.isNaN(time) ? current : time - now;
}

/**
 * Throttling (429, `SlowDown`, …), transient (no answer at all, a timeout, `RequestTimeout`, 500, 502,
 * 503, 504), or final (every other answer: 4xx, 501). The store's two one-off retries, after fresh
 * credentials or a corrected clock, are decided apart from these (`CREDENTIAL_ERROR_CODES`,
 * `CLOCK_SKEW_THRESHOLD_MS`).
 */
function kindOf(error: S3RequestError): ErrorKind {
  const status = error.$metadata.httpStatusCode;
  if (status === 429 || THROTTLING_CODES.includes(error.name)) return 'throttling';
  if (status === undefined || TRANSIENT_CODES.includes(error.name) || TRANSIENT_STATUSES.includes(status))
    return 'transient';
  return 'final';
}

/** A retry allowed: how long to wait first, and what it took from the quota. */
export interface S3Retry {
  delayMs: number;
  cost: number;
}

/** Decides retries for one store, as the SDK's client does for its lifetime. */
export interface S3RetryPolicy {
  /** Retry number `retry` (0 for the first) after `error`, or `undefined` when it is final or the quota is spent. */
  retryAfter(error: S3RequestError, retry: number): S3Retry | undefined;
  /** A request succeeded: the quota gets back what its last retry cost, or 1 when it needed none. */
  succeeded(lastRetry: S3Retry | undefined): void;
}

/**
 * The AWS SDK's standard retry mode for one store: which failures are retried, the backoff
 * (`random() * min(base * 2^retry, 20 s)`, base 50 ms, or 1 s after throttling) and the retry quota
 * (500, less 14 per retry or 5 per throttled retry, refilled by successes) that stops a failing
 * client from multiplying the load on S3. The attempt count is the caller's.
 *
 * @example
 * const policy = createS3RetryPolicy();
 * policy.retryAfter(slowDownError, 0); // { delayMs: between 0 and 1,000, cost: 5 }
 */
export function createS3RetryPolicy(random: () => number = Math.random): S3RetryPolicy {
  let capacity = INITIAL_CAPACITY;
  return {
    retryAfter(error, retry) {
      const kind = kindOf(error);
      const cost = kind === 'throttling' ? THROTTLING_RETRY_COST : RETRY_COST;
      if (kind === 'final' || capacity < cost) return undefined;
      capacity -= cost;
      const base = kind === 'throttling' ? THROTTLING_DELAY_BASE_MS : DELAY_BASE_MS;
      return { delayMs: Math.floor(random() * Math.min(base * 2 ** retry, MAX_DELAY_MS)), cost };
    },
    succeeded(lastRetry) {
      capacity = Math.min(INITIAL_CAPACITY, capacity + (lastRetry?.cost ?? 1));
    },
  };
}
