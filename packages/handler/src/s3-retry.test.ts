/**
 * The retry decisions of the AWS SDK's standard mode, with its published numbers as the expectation
 * (@smithy/core's StandardRetryStrategy and retries config in the pinned SDK: delay base 50 ms,
 * 1,000 ms after throttling, 20 s cap, full jitter; a quota of 500, 14 per retry, 5 per throttled
 * retry, refilled by successes).
 */
import { describe, expect, it } from 'vitest';
import { S3RequestError } from './s3-request-error.js';
import { createS3RetryPolicy } from './s3-retry.js';

const answered = (name: string, status: number) => new S3RequestError(name, name, { httpStatusCode: status });
const unanswered = (name: string) => new S3RequestError(name, name, {});

describe('createS3RetryPolicy', () => {
  it('waits random() × min(base × 2^retry, 20 s): 50 ms base, 1 s after throttling', () => {
    const longest = createS3RetryPolicy(() => 1 - Number.EPSILON);
    expect(longest.retryAfter(answered('InternalError', 500), 0)).toEqual({ delayMs: 49, cost: 14 });
    expect(longest.retryAfter(unanswered('TimeoutError'), 1)).toEqual({ delayMs: 99, cost: 14 });
    expect(longest.retryAfter(answered('SlowDown', 503), 0)).toEqual({ delayMs: 999, cost: 5 });
    expect(longest.retryAfter(answered('TooManyRequests', 429), 1)).toEqual({ delayMs: 1_999, cost: 5 });
    expect(longest.retryAfter(answered('SlowDown', 503), 10)?.delayMs).toBe(19_999);
    expect(createS3RetryPolicy(() => 0).retryAfter(answered('SlowDown', 503), 1)?.delayMs).toBe(0);
  });

  it.each([
    ['NetworkingError (no answer)', unanswered('NetworkingError')],
    ['RequestTimeout', answered('RequestTimeout', 400)],
    ['502', answered('BadGateway', 502)],
    ['504', answered('GatewayTimeout', 504)],
  ])('retries %s', (_label, error) => {
    expect(createS3RetryPolicy().retryAfter(error, 0)).toBeDefined();
  });

  it.each([
    ['AccessDenied', answered('AccessDenied', 403)],
    ['NoSuchBucket', answered('NoSuchBucket', 404)],
    ['PreconditionFailed', answered('PreconditionFailed', 412)],
    ['ConditionalRequestConflict', answered('ConditionalRequestConflict', 409)],
    ['RequestTimeTooSkewed', answered('RequestTimeTooSkewed', 403)],
    ['501 NotImplemented', answered('NotImplemented', 501)],
  ])('does not retry %s', (_label, error) => {
    expect(createS3RetryPolicy().retryAfter(error, 0)).toBeUndefined();
  });

  it('stops retrying once the quota is spent, and successes earn it back', () => {
    const policy = createS3RetryPolicy(() => 0);
    const failure = answered('InternalError', 500);
    // 500 / 14: 35 retries fit, the 36th does not.
    for (let retry = 0; retry < 35; retry++) expect(policy.retryAfter(failure, 0)).toBeDefined();
    expect(policy.retryAfter(failure, 0)).toBeUndefined();
    // 10 left: a throttled retry (5) still fits, twice.
    expect(policy.retryAfter(answered('SlowDown', 503), 0)).toBeDefined();
    expect(policy.retryAfter(answered('SlowDown', 503), 0)).toBeDefined();
    expect(policy.retryAfter(answered('SlowDown', 503), 0)).toBeUndefined();
    // A success after a retry gives back that retry's cost; one without, 1.
    policy.succeeded({ delayMs: 0, cost: 14 });
    expect(policy.retryAfter(failure, 0)).toBeDefined();
    for (let success = 0; success < 13; success++) policy.succeeded(undefined);
    expect(policy.retryAfter(failure, 0)).toBeUndefined();
    policy.succeeded(undefined);
    expect(policy.retryAfter(failure, 0)).toBeDefined();
  });
});
