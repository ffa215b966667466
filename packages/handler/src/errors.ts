import type { Issue } from '@analytics-tracker/schema';

/**
 * Every failure the handler reports on purpose has one of these codes. The single table
 * `ERROR_STATUS` maps each to its HTTP status and tRPC code, for both routes.
 */
export type TrackerErrorCode =
  | 'BAD_REQUEST'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'STORAGE_UNAVAILABLE'
  | 'SALT_UNAVAILABLE'
  | 'INTERNAL';

/** tRPC error codes used by the router (the subset of `TRPC_ERROR_CODE_KEY` we need). */
export type TrpcCode =
  | 'BAD_REQUEST'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_SUPPORTED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/**
 * The one table from error code to HTTP status and tRPC code.
 *
 * @example
 * ERROR_STATUS.FORBIDDEN; // { http: 403, trpc: 'FORBIDDEN' }
 */
export const ERROR_STATUS: Record<TrackerErrorCode, { http: number; trpc: TrpcCode }> = {
  BAD_REQUEST: { http: 400, trpc: 'BAD_REQUEST' },
  FORBIDDEN: { http: 403, trpc: 'FORBIDDEN' },
  NOT_FOUND: { http: 404, trpc: 'NOT_FOUND' },
  METHOD_NOT_ALLOWED: { http: 405, trpc: 'METHOD_NOT_SUPPORTED' },
  PAYLOAD_TOO_LARGE: { http: 413, trpc: 'PAYLOAD_TOO_LARGE' },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, trpc: 'UNSUPPORTED_MEDIA_TYPE' },
  STORAGE_UNAVAILABLE: { http: 503, trpc: 'SERVICE_UNAVAILABLE' },
  SALT_UNAVAILABLE: { http: 503, trpc: 'SERVICE_UNAVAILABLE' },
  INTERNAL: { http: 500, trpc: 'INTERNAL_SERVER_ERROR' },
};

/**
 * Base class of every expected failure: `error` and `message` are the response body's fields,
 * `code` picks the status from `ERROR_STATUS`, `reason` labels the rejection in logs and metrics.
 *
 * @example
 * throw new ValidationError('Invalid JSON', 'The request body is not valid JSON', [], 'invalid_json');
 */
export class TrackerError extends Error {
  override name = 'TrackerError';
  constructor(
    readonly code: TrackerErrorCode,
    readonly error: string,
    message: string,
    readonly reason: string,
    readonly issues?: Issue[],
  ) {
    super(message);
  }

  /** HTTP status for this error. */
  get status(): number {
    return ERROR_STATUS[this.code].http;
  }

  /**
   * The events of an allowed bucket this failure kept from being stored (a failed salt read or write),
   * with the reasons of the request's other rejected events: the log line and `EventsRejected` count
   * them under their bucket. Unset for a request refused before its events were read.
   */
  readonly lostEvents?: LostEvents;

  /**
   * A copy of this error that names the events it kept from being stored (the error itself may be
   * shared, e.g. a salt failure cached for a moment, so it is never changed).
   *
   * @example
   * throw new StorageUnavailableError(cause).withLostEvents('app1-analytics-prod', 50);
   */
  withLostEvents(bucket: string, count: number, otherReasons: Record<string, number> = {}): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.defineProperties(copy, Object.getOwnPropertyDescriptors(this));
    const lostEvents: LostEvents = { bucket, count, otherReasons };
    Object.defineProperty(copy, 'lostEvents', { value: lostEvents, enumerable: false });
    return copy;
  }
}

/** What `TrackerError.withLostEvents` records. */
export interface LostEvents {
  bucket: string;
  /** Events the request would have stored. */
  count: number;
  /** The request's other rejected events by reason (`invalid_event: 2`), not stored either way. */
  otherReasons: Record<string, number>;
}

/** 400: the body or one of its fields is invalid. */
export class ValidationError extends TrackerError {
  override name = 'ValidationError';
  constructor(error: string, message: string, issues: Issue[] | undefined, reason = 'invalid_request') {
    super('BAD_REQUEST', error, message, reason, issues);
  }
}

/** 403: the bucket is not allowed, or the browser origin is not allowed for it. */
export class ForbiddenError extends TrackerError {
  override name = 'ForbiddenError';
  constructor(message: string, reason: string) {
    super('FORBIDDEN', 'Forbidden', message, reason);
  }
}

/** 404, 405, 413, 415: the request's shape is wrong before any event is read. */
export class RequestShapeError extends TrackerError {
  override name = 'RequestShapeError';
}

/** 503: the store failed after its own retries; nothing was written, the client should retry. */
export class StorageUnavailableError extends TrackerError {
  override name = 'StorageUnavailableError';
  constructor(override readonly cause: unknown) {
    super(
      'STORAGE_UNAVAILABLE',
      'Service Unavailable',
      'The event store is temporarily unavailable; the events may not have been stored. Retry the same request later: each event is stored once.',
      'storage_unavailable',
    );
  }
}

/**
 * 503: today's salt could not be read (missing, malformed, or its store failed), so visitors cannot be
 * hashed and nothing was stored: the tracker never falls back to a weaker key. `detail` (which day,
 * where, why) goes to the log only; the client is told to retry.
 */
export class SaltUnavailableError extends TrackerError {
  override name = 'SaltUnavailableError';
  constructor(
    readonly detail: string,
    override readonly cause?: unknown,
  ) {
    super(
      'SALT_UNAVAILABLE',
      'Service Unavailable',
      'The tracker cannot hash visitors right now; nothing was stored. Retry the same request later.',
      'salt_unavailable',
    );
  }
}

/**
 * The original tracker's 400 for a body without `bucket`; it also answered it for an absent, empty or
 * `null` body (and for any body that is not a JSON object), so clients match on this string.
 *
 * @example
 * errorResponse(MISSING_BUCKET).body; // {"error":"Missing required field: bucket","message":"You must specify the S3 bucket name in the request body"}
 */
export const MISSING_BUCKET = new ValidationError(
  'Missing required field: bucket',
  'You must specify the S3 bucket name in the request body',
  undefined,
  'missing_bucket',
);

/**
 * The original tracker's 403 when `CORS_ORIGINS` lists origins and the request's `Origin` is missing
 * or not one of them.
 *
 * @example
 * errorResponse(ORIGIN_NOT_ALLOWED).body; // {"error":"Forbidden","message":"Origin not allowed"}
 */
export const ORIGIN_NOT_ALLOWED = new ForbiddenError('Origin not allowed', 'origin_not_allowed');

/** Seconds a client should wait after a 503 (sent as `Retry-After`). */
export const RETRY_AFTER_SECONDS = 2;
