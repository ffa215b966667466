import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
  BatchRequestSchema,
  type BatchResponse,
  bucketNameProblem,
  EventFieldsSchema,
  type HandlerConfig,
  isPlainObject,
  type ParsedEventFields,
  type RejectedEvent,
  type StoredRow,
  type TrackResponse,
} from '@analytics-tracker/schema';
import type { BucketAllowlist } from './bucket-allowlist.js';
import { createEnrichment } from './enrich.js';
import type { EnricherDeps, RequestContext, SaltedContext } from './enricher.js';
import { ForbiddenError, StorageUnavailableError, ValidationError } from './errors.js';
import { batchKey, createEventIdSource, eventKey } from './object-key.js';
import type { SaltSource } from './salt-source.js';
import { utcDay } from './salt-vault.js';
import type { EventStore, StoredObject } from './store.js';
import { parseOrThrow, toIssues } from './validation.js';

const gzipAsync = promisify(gzip);

/** What the service needs; `createHandler` builds it from the config with production defaults. */
export interface TrackerServiceDeps extends EnricherDeps {
  config: Pick<HandlerConfig, 'bucketOrigins'>;
  allowlist: BucketAllowlist;
  store: EventStore;
  /** The daily salts of `ip` and `visitorId`. */
  salts: SaltSource;
}

/** The core of both routes (REST and tRPC): validate, authorize, enrich, serialize, store. */
export interface TrackerService {
  /** One event (the seed's body). Throws a `TrackerError` for anything it refuses. */
  track(body: unknown, context: RequestContext): Promise<TrackResponse>;
  /** A batch `{bucket, events}`: every event validated on its own, the accepted ones stored as one object. */
  trackBatch(body: unknown, context: RequestContext): Promise<BatchResponse>;
}

const SEED_MISSING_BUCKET = new ValidationError(
  'Missing required field: bucket',
  'You must specify the S3 bucket name in the request body',
  undefined,
  'missing_bucket',
);

function authorizedBucket(body: unknown, context: RequestContext, deps: TrackerServiceDeps): string {
  if (!isPlainObject(body)) {
    throw new ValidationError('Invalid request body', 'The request body must be a JSON object', undefined);
  }
  const bucket = body.bucket;
  if (bucket === undefined || bucket === null || bucket === '') throw SEED_MISSING_BUCKET;
  const problem = typeof bucket === 'string' ? bucketNameProblem(bucket) : 'must be a string';
  if (typeof bucket !== 'string' || problem) {
    throw new ValidationError('Invalid bucket name', `The bucket name ${problem}`, [
      { path: 'bucket', message: `Invalid bucket name: ${problem}` },
    ]);
  }
  if (!deps.allowlist.allows(bucket)) {
    throw new ForbiddenError(
      'The specified bucket is not authorized for this analytics service',
      'bucket_not_allowed',
    );
  }
  // Own keys only: a bucket named `constructor` must not find Object.prototype's.
  const origins = Object.hasOwn(deps.config.bucketOrigins, bucket)
    ? deps.config.bucketOrigins[bucket]
    : undefined;
  const origin = context.headers.origin;
  if (origins && origin && !origins.includes(origin)) {
    throw new ForbiddenError(
      `Origin ${origin} is not allowed to send events to bucket ${bucket}`,
      'origin_not_allowed',
    );
  }
  return bucket;
}

/**
 * A bucket that a `*` pattern allows but that does not exist will never accept a write: that is the
 * sender's mistake (403, do not retry), not an outage (503, retry).
 */
const NO_SUCH_BUCKET = new ForbiddenError(
  'The specified bucket does not exist; check the bucket name',
  'bucket_not_found',
);

/**
 * S3 refused the write (403 AccessDenied): a bucket policy, a KMS key the function may not use, or a
 * bucket another account owns (`ExpectedBucketOwner`). A deployment error that no retry fixes, so a
 * 403 instead of a 503 clients would retry forever; counted as `bucket_access_denied`, which alarms.
 */
const ACCESS_DENIED = new ForbiddenError(
  'The tracker may not write to this bucket (S3 denied access); nothing was stored. The deployment must be fixed: retrying will not help',
  'bucket_access_denied',
);

function isAccessDenied(cause: unknown): boolean {
  if (!(cause instanceof Error)) return false;
  const status = (cause as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return cause.name === 'AccessDenied' || status === 403;
}

async function put(store: EventStore, object: StoredObject): Promise<void> {
  try {
    await store.put(object);
  } catch (cause) {
    if (cause instanceof Error && cause.name === 'NoSuchBucket') throw NO_SUCH_BUCKET;
    if (isAccessDenied(cause)) throw ACCESS_DENIED;
    throw new StorageUnavailableError(cause);
  }
}

const line = (row: StoredRow) => `${JSON.stringify(row)}\n`;

/** The context with the salt of its UTC day; a missing salt refuses the request (503) before anything is stored. */
async function salted(context: RequestContext, salts: SaltSource): Promise<SaltedContext> {
  return { ...context, salt: await salts.saltFor(utcDay(context.now)) };
}

/**
 * Creates the service both routes call, so REST and tRPC behave identically. Its enrichment caches and
 * event-id pool belong to it: `createHandler` builds one per handler.
 *
 * @example
 * const service = createTrackerService({ config, allowlist, store, salts, hasher, userAgent: 'parsed', trustCdnHeaders: false });
 * await service.track({ bucket: 'app1-analytics-prod', eventType: 'page_view', timestamp }, context);
 */
export function createTrackerService(deps: TrackerServiceDeps): TrackerService {
  const enrichEvent = createEnrichment(deps);
  const newEventId = createEventIdSource();
  return {
    async track(body, context) {
      const bucket = authorizedBucket(body, context, deps);
      const event = parseOrThrow(EventFieldsSchema, body);
      const eventId = event.eventId ?? newEventId(context.now);
      const key = eventKey(context.now, eventId);
      const row = enrichEvent(event, bucket, eventId, await salted(context, deps.salts));
      await put(deps.store, { bucket, key, body: line(row), contentType: 'application/json' });
      return { status: 'ok', eventId, bucket, key };
    },

    async trackBatch(body, context) {
      const bucket = authorizedBucket(body, context, deps);
      const { events } = parseOrThrow(BatchRequestSchema, body);
      const valid: { event: ParsedEventFields; eventId: string }[] = [];
      const rejected: RejectedEvent[] = [];
      const seen = new Set<string>();
      events.forEach((raw, index) => {
        const result = EventFieldsSchema.safeParse(raw);
        if (!result.success) {
          rejected.push({ index, error: 'Invalid event', issues: toIssues(result.error, raw) });
          return;
        }
        const eventId = result.data.eventId ?? newEventId(context.now);
        if (seen.has(eventId)) {
          const issues = [{ path: 'eventId', message: `eventId ${eventId} appears earlier in this batch` }];
          rejected.push({ index, error: 'Duplicate eventId', issues });
          return;
        }
        seen.add(eventId);
        valid.push({ event: result.data, eventId });
      });
      if (valid.length === 0) {
        throw new ValidationError(
          'Invalid batch',
          `None of the ${events.length} events is valid; nothing was stored`,
          rejected.flatMap(({ index, issues }) =>
            issues.map((issue) => ({
              path: issue.path ? `events.${index}.${issue.path}` : `events.${index}`,
              message: issue.message,
            })),
          ),
          'invalid_event',
        );
      }
      // The salt is read only once some event is valid, so an invalid batch is a 400 even without one.
      const withSalt = await salted(context, deps.salts);
      const rows = valid.map(({ event, eventId }) => enrichEvent(event, bucket, eventId, withSalt));
      const accepted = rows.map((row) => row.eventId);
      const key = batchKey(context.now, accepted);
      const ndjson = rows.map(line).join('');
      const compressed = await gzipAsync(ndjson);
      await put(deps.store, {
        bucket,
        key,
        body: compressed,
        contentType: 'application/x-ndjson',
        contentEncoding: 'gzip',
      });
      return { status: 'ok', bucket, key, accepted, rejected };
    },
  };
}
