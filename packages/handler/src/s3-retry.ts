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
 * Throttling (429, `SlowDown`, …), transient (no answer at all, a timeout, `RequestTimeout`, 500, 502,
 * 503, 504), or final (every other answer: 4xx, 501, and clock-skew refusals such as
 * `RequestTimeTooSkewed`, since this store does not correct its clock as the SDK does).
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
