import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
  BatchRequestSchema,
  type BatchResponse,
  bucketNameProblem,
  EventFieldsSchema,
  type HandlerConfig,
  isPlainObject,
  type RejectedEvent,
  type StoredRow,
  type TrackResponse,
} from '@analytics-tracker/schema';
import type { BucketAllowlist } from './bucket-allowlist.js';
import { createEnrichment } from './enrich.js';
import type { EnricherDeps, RequestContext } from './enricher.js';
import { ForbiddenError, MISSING_BUCKET, StorageUnavailableError, ValidationError } from './errors.js';
import { batchKey, createEventIdSource, eventKey, partitionPrefix } from './object-key.js';
import type { Partitioner } from './partition-day.js';
import type { EventStore, StoredObject } from './store.js';
import { parseOrThrow, toIssues } from './validation.js';

const gzipAsync = promisify(gzip);

/** What the service needs; `createHandler` builds it from the config with production defaults. */
export interface TrackerServiceDeps extends EnricherDeps {
  config: Pick<HandlerConfig, 'bucketOrigins'>;
  allowlist: BucketAllowlist;
  store: EventStore;
  /** The partition of a write (default: the UTC day; see `createPartitioner`). */
  partition?: Partitioner;
}

/** The core of both routes (REST and tRPC): validate, authorize, enrich, serialize, store. */
export interface TrackerService {
  /** One event (the seed's body). Throws a `TrackerError` for anything it refuses. */
  track(body: unknown, context: RequestContext): Promise<TrackResponse>;
  /** A batch `{bucket, events}`: every event validated on its own, the accepted ones stored as one object. */
  trackBatch(body: unknown, context: RequestContext): Promise<BatchResponse>;
}

function authorizedBucket(body: unknown, context: RequestContext, deps: TrackerServiceDeps): string {
  // The original read `body.bucket` from whatever was sent: `null`, an array or a number has none.
  if (!isPlainObject(body)) throw MISSING_BUCKET;
  const bucket = body.bucket;
  if (bucket === undefined || bucket === null || bucket === '') throw MISSING_BUCKET;
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

async function put(store: EventStore, object: StoredObject): Promise<void> {
  try {
    await store.put(object);
  } catch (cause) {
    if (cause instanceof Error && cause.name === 'NoSuchBucket') throw NO_SUCH_BUCKET;
    throw new StorageUnavailableError(cause);
  }
}

const line = (row: StoredRow) => `${JSON.stringify(row)}\n`;

const SEED_REQUIRED = ['eventType', 'timestamp'] as const;
const absent = (value: unknown) => value === undefined || value === null || value === '';

/**
 * The original tracker's one 400 when `eventType` or `timestamp` (or both) is missing; clients match
 * on its string, so it names both whichever is absent. `issues` says which one it was.
 */
function requireSeedFields(body: Record<string, unknown>): void {
  const missing = SEED_REQUIRED.filter((field) => absent(body[field]));
  if (missing.length === 0) return;
  throw new ValidationError(
    'Missing required fields: eventType and timestamp',
    'You must specify eventType and timestamp in the request body',
    missing.map((path) => ({ path, message: 'Required' })),
    'missing_field',
  );
}

/**
 * Creates the service both routes call, so REST and tRPC behave identically. Its enrichment caches and
 * event-id pool belong to it: `createHandler` builds one per handler.
 *
 * @example
 * const service = createTrackerService({ config, allowlist, store, hasher, trustCdnHeaders: false });
 * await service.track({ bucket: 'app1-analytics-prod', eventType: 'page_view', timestamp }, context);
 */
export function createTrackerService(deps: TrackerServiceDeps): TrackerService {
  const enrichEvent = createEnrichment(deps);
  const newEventId = createEventIdSource();
  const partition = deps.partition ?? partitionPrefix;
  return {
    async track(body, context) {
      const bucket = authorizedBucket(body, context, deps);
      if (isPlainObject(body)) requireSeedFields(body);
      const event = parseOrThrow(EventFieldsSchema, body);
      const eventId = event.eventId ?? newEventId(context.now);
      const key = eventKey(context.now, eventId, partition);
      const row = enrichEvent(event, bucket, eventId, context);
      await put(deps.store, { bucket, key, body: line(row), contentType: 'application/json' });
      return { status: 'ok', eventId, bucket, key };
    },

    async trackBatch(body, context) {
      const bucket = authorizedBucket(body, context, deps);
      const { events } = parseOrThrow(BatchRequestSchema, body);
      const rows: StoredRow[] = [];
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
        rows.push(enrichEvent(result.data, bucket, eventId, context));
      });
      if (rows.length === 0) {
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
      const accepted = rows.map((row) => row.eventId);
      const key = batchKey(context.now, accepted, partition);
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
