import { createHash } from 'node:crypto';
import type { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { endpointVariant } from './aws-endpoints.js';
import { lazyAwsSigner } from './aws-signer.js';
import { attemptTime, type Deadline, roomAfterPause } from './deadline.js';
import { type S3ObjectTarget, s3ObjectTarget } from './s3-object-url.js';
import { createS3Agents, putOnce, type S3AttemptLimits, type S3AttemptResult } from './s3-put.js';
import { S3RequestError } from './s3-request-error.js';
import {
  CLOCK_SKEW_THRESHOLD_MS,
  CREDENTIAL_ERROR_CODES,
  clockOffsetFrom,
  createS3RetryPolicy,
  type S3Retry,
} from './s3-retry.js';
import type { EventStore } from './store.js';

/** Where and how the store writes; every field has the AWS SDK's default. */
export interface SignedS3StoreOptions {
  /** Default: `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`, else S3's own endpoint for the region. */
  endpoint?: string;
  /** Default: the SDK's region chain (`AWS_REGION`, then the shared config files). */
  region?: string;
  /** Default: the SDK's credential chain (`@aws-sdk/credential-provider-node`; in Lambda, the environment). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Address buckets as `/<bucket>/<key>` (local S3 servers); default: virtual-hosted, as the SDK. */
  forcePathStyle?: boolean;
  /** Account that must own the bucket (`x-amz-expected-bucket-owner`); S3 refuses the write otherwise. */
  expectedBucketOwner?: string;
  /** Attempts per object (default 3, the SDK's standard mode). */
  maxAttempts?: number;
  /** Time allowed to one attempt, in ms (default 2,000). */
  timeoutMs?: number;
  /** Time allowed to open a connection, in ms (default 1,000). */
  connectionTimeoutMs?: number;
  /**
   * The environment read for endpoints and the FIPS / dual-stack switches (default `process.env`):
   * `AWS_USE_FIPS_ENDPOINT` / `AWS_USE_DUALSTACK_ENDPOINT` give `s3-fips.` / `s3.dualstack.` hosts.
   */
  env?: NodeJS.ProcessEnv;
  /**
   * Sends one signed attempt within `limits`. Default: `putOnce` over the store's keep-alive
   * connections; tests capture the request with it where no server can answer for the host (S3's own endpoints).
   */
  send?: (
    target: S3ObjectTarget,
    headers: Record<string, string>,
    body: Buffer,
    limits: S3AttemptLimits,
  ) => Promise<S3AttemptResult>;
}

/**
 * The SDK's limits of one attempt. With an invocation's deadline (in Lambda) every attempt and pause is
 * also cut to the time left, so the handler answers before Lambda's timeout however S3 behaves.
 */
const ATTEMPT_LIMITS: S3AttemptLimits = { timeoutMs: 2_000, connectionTimeoutMs: 1_000 };

/** The body as bytes, without copying a gzip batch (already a Buffer, or a view of one). */
const bodyBytes = (body: Uint8Array | string): Buffer =>
  typeof body === 'string'
    ? Buffer.from(body, 'utf8')
    : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
const sha256Hex = (body: Buffer) => createHash('sha256').update(body).digest('hex');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Nothing was sent: the deadline left no time for a first attempt (an earlier wait, the salt's, took it). */
const noTimeLeft = () => {
  const error = new S3RequestError(
    'TimeoutError',
    "no time left for an attempt before the invocation's deadline",
    {},
  );
  error.$metadata.attempts = 0;
  return error;
};

/** A network failure or timeout as an S3RequestError (no status: the SDK's standard mode retries it). */
const asRequestError = (error: Error) =>
  error instanceof S3RequestError
    ? error
    : new S3RequestError(
        error.name === 'TimeoutError' ? 'TimeoutError' : 'NetworkingError',
        error.message,
        {},
        error,
      );

/**
 * The tracker's production store: each object is one `PutObject` request signed with SigV4 by the AWS
 * SDK's own signer (`@smithy/signature-v4`, with its credential and region chains) and sent over a
 * keep-alive connection, without `@aws-sdk/client-s3`. The SDK's client costs a cold start its
 * hundreds of kilobytes of code, and every PUT its middleware stack: several times the CPU of the
 * tracker's own work for a single event (`npm run bench`). The request is the SDK's: `If-None-Match: *`
 * (first wins: S3 answers 412 for a key that exists, which the service treats as stored),
 * `Content-Type`, `Content-Encoding`, `x-amz-expected-bucket-owner` when set, and the body's SHA-256 in
 * `x-amz-content-sha256`, signed, so S3 rejects a body altered on the way. Retries, backoff and
 * per-attempt timeouts follow the SDK's standard mode (`s3-retry.ts`); failures reject with errors
 * shaped like the SDK's (`S3RequestError`: S3's code as `name`, `$metadata`).
 *
 * @example
 * const store = createSignedS3Store(); // in Lambda: region, credentials and endpoint from the environment
 * const local = createSignedS3Store({ endpoint: 'http://127.0.0.1:4569', forcePathStyle: true,
 *   region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
 */
export function createSignedS3Store(options: SignedS3StoreOptions = {}): EventStore {
  const env = options.env ?? process.env;
  const endpoint = options.endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const variant = endpointVariant(env);
  // A malformed endpoint, or endpoint settings S3 cannot honour (FIPS with a custom endpoint, FIPS in
  // China), are deployment errors: say so at start, not as a 503 per request.
  s3ObjectTarget('bucket', 'key', {
    region: options.region || env.AWS_REGION || 'us-east-1',
    endpoint,
    variant,
  });
  const maxAttempts = options.maxAttempts ?? 3;
  const limits: S3AttemptLimits = {
    timeoutMs: options.timeoutMs ?? ATTEMPT_LIMITS.timeoutMs,
    connectionTimeoutMs: options.connectionTimeoutMs ?? ATTEMPT_LIMITS.connectionTimeoutMs,
  };
  const agents = createS3Agents();
  const send =
    options.send ??
    ((
      target: S3ObjectTarget,
      headers: Record<string, string>,
      body: Buffer,
      attemptLimits: S3AttemptLimits,
    ) => putOnce(target, headers, body, agents, attemptLimits));
  const policy = createS3RetryPolicy();
  // S3's clock less ours, learnt from its answers as the SDK's `systemClockOffset`: signatures use it.
  let clockOffset = 0;
  // S3 signs the path as sent (no second encoding) and the payload hash given in its header.
  const signerFor = lazyAwsSigner({
    service: 's3',
    region: options.region,
    credentials: options.credentials,
    uriEscapePath: false,
  });

  async function attempt(
    signer: SignatureV4,
    target: S3ObjectTarget,
    headers: Record<string, string>,
    body: Buffer,
    attemptLimits: S3AttemptLimits,
  ) {
    const signed = await signer.sign(
      {
        method: 'PUT',
        protocol: target.protocol,
        hostname: target.hostname,
        ...(target.port === undefined ? {} : { port: target.port }),
        path: target.path,
        query: {},
        headers: { ...headers },
      },
      { signingDate: new Date(Date.now() + clockOffset) },
    );
    return send(target, signed.headers, body, attemptLimits);
  }

  /** The limits of the next attempt: the store's, cut to the deadline; `undefined` when too little is left. */
  function limitsWithin(deadline: Deadline | undefined): S3AttemptLimits | undefined {
    const timeoutMs = attemptTime(limits.timeoutMs, deadline);
    if (timeoutMs === undefined) return undefined;
    return { timeoutMs, connectionTimeoutMs: Math.min(limits.connectionTimeoutMs, timeoutMs) };
  }

  return {
    async put(object, putOptions) {
      const deadline = putOptions?.deadline;
      const { region, signer, refreshCredentials } = await signerFor();
      const body = bodyBytes(object.body);
      const target = s3ObjectTarget(object.bucket, object.key, {
        region,
        endpoint,
        variant,
        forcePathStyle: options.forcePathStyle,
      });
      const headers: Record<string, string> = {
        host: target.host,
        'content-type': object.contentType,
        'content-length': String(body.byteLength),
        'if-none-match': '*',
        'x-amz-content-sha256': sha256Hex(body),
        ...(object.contentEncoding ? { 'content-encoding': object.contentEncoding } : {}),
        ...(options.expectedBucketOwner
          ? { 'x-amz-expected-bucket-owner': options.expectedBucketOwner }
          : {}),
      };
      let lastRetry: S3Retry | undefined;
      let lastError: S3RequestError | undefined;
      let totalRetryDelay = 0;
      let refreshed = false;
      let corrected = false;
      for (let attempts = 1; ; attempts++) {
        const attemptLimits = limitsWithin(deadline);
        // No attempt starts that the deadline would cut short: the caller answers with what failed last.
        if (!attemptLimits) throw lastError ?? noTimeLeft();
        const signedWithOffset = clockOffset;
        const result = await attempt(signer, target, headers, body, attemptLimits);
        if (result.ok) {
          if (result.date) clockOffset = clockOffsetFrom(result.date, clockOffset);
          policy.succeeded(lastRetry);
          return;
        }
        const error = asRequestError(result.error);
        error.$metadata.attempts = attempts;
        error.$metadata.totalRetryDelay = totalRetryDelay;
        lastError = error;
        // The SDK's clock correction: S3's time moves the offset; a skew of 4 minutes or more that this
        // request was not yet signed with is worth one more attempt (RequestTimeTooSkewed, …).
        if (error.serverTime) clockOffset = clockOffsetFrom(error.serverTime, clockOffset);
        const skewed =
          !corrected && Math.abs(clockOffset) >= CLOCK_SKEW_THRESHOLD_MS && clockOffset !== signedWithOffset;
        const staleCredentials = !refreshed && CREDENTIAL_ERROR_CODES.includes(error.name);
        if ((skewed || staleCredentials) && attempts < maxAttempts) {
          // One retry each, at once: the next attempt differs (its clock or its credentials).
          if (skewed) corrected = true;
          else {
            refreshed = true;
            await refreshCredentials();
          }
          continue;
        }
        lastRetry = attempts < maxAttempts ? policy.retryAfter(error, attempts - 1) : undefined;
        // A pause that leaves no time for the attempt after it is not taken.
        if (!lastRetry || !roomAfterPause(lastRetry.delayMs, deadline)) throw error;
        totalRetryDelay += lastRetry.delayMs;
        await pause(lastRetry.delayMs);
      }
    },
  };
}
