import { gzipSync } from 'node:zlib';
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
import { ForbiddenError, MISSING_BUCKET, TrackerError, ValidationError } from './errors.js';
import { batchKey, contentHash, eventKey, partitionPrefix, serverEventIds } from './object-key.js';
import type { Partitioner } from './partition-day.js';
import { rejectionReasons } from './request-counts.js';
import { MAX_ISSUES_PER_EVENT } from './response-bounds.js';
import type { SaltSource } from './salt-source.js';
import { utcDay } from './salt-vault.js';
import type { EventStore, StoredObject } from './store.js';
import { storeFailure } from './store-failure.js';
import { parseOrThrow, toIssues } from './validation.js';

/** What the service needs; `createHandler` builds it from the config with production defaults. */
export interface TrackerServiceDeps extends EnricherDeps {
  config: Pick<HandlerConfig, 'bucketOrigins'>;
  allowlist: BucketAllowlist;
  store: EventStore;
  /** The daily salts of `ip` and `visitorId`. */
  salts: SaltSource;
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

async function put(store: EventStore, object: StoredObject, context: RequestContext): Promise<void> {
  try {
    await store.put(object, { deadline: context.deadline });
  } catch (cause) {
    const failure = storeFailure(cause);
    if (failure) throw failure;
  }
}

/**
 * A failure after the request's events were read (the salt, the write) as the error that names the
 * events of `bucket` it kept from being stored, so the log line and `EventsRejected` count them there.
 */
const losing = (
  error: unknown,
  bucket: string,
  count: number,
  rejected: readonly { error: string }[] = [],
) =>
  error instanceof TrackerError ? error.withLostEvents(bucket, count, rejectionReasons(rejected)) : error;

/** Events whose issues a 400 "Invalid batch" lists (each with at most `MAX_ISSUES_PER_EVENT`). */
const LISTED_INVALID_EVENTS = 10;

const line = (row: StoredRow) => `${JSON.stringify(row)}\n`;

/** The context with the salt of its UTC day; a missing salt refuses the request (503) before anything is stored. */
async function salted(context: RequestContext, salts: SaltSource): Promise<SaltedContext> {
  return { ...context, salt: await salts.saltFor(utcDay(context.now), { deadline: context.deadline }) };
}

/**
 * Who sent a request, for the ids of events without `eventId`: the day's keyed IP hash and the
 * request's user agent. Never the IP itself; and it changes with the day, as the IP hash does.
 */
function sender(bucket: string, context: SaltedContext, deps: TrackerServiceDeps): string {
  return `${deps.hasher.ipHash(context.salt, bucket, context.clientIp)}\n${context.headers['user-agent'] ?? ''}`;
}

/**
 * The id and content hash of each validated event of one request: the client's `eventId`, else one
 * derived from the content (the request's sender and day are worked out once, when first needed).
 */
function identifierFor(
  bucket: string,
  context: SaltedContext,
  deps: TrackerServiceDeps,
): (event: ParsedEventFields) => { eventId: string; hash: string } {
  const serverId = serverEventIds(context.now, bucket, () => sender(bucket, context, deps));
  return (event) => {
    const hash = contentHash(event);
    return { eventId: event.eventId ?? serverId(hash), hash };
  };
}

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
 * Creates the service both routes call, so REST and tRPC behave identically. Its enrichment caches
 * belong to it: `createHandler` builds one per handler.
 *
 * @example
 * const service = createTrackerService({ config, allowlist, store, salts, hasher, userAgent: 'parsed', trustCdnHeaders: false });
 * await service.track({ bucket: 'app1-analytics-prod', eventType: 'page_view', timestamp }, context);
 */
export function createTrackerService(deps: TrackerServiceDeps): TrackerService {
  const enrichEvent = createEnrichment(deps);
  const partition = deps.partition ?? partitionPrefix;
  return {
    async track(body, context) {
      const bucket = authorizedBucket(body, context, deps);
      if (isPlainObject(body)) requireSeedFields(body);
      const event = parseOrThrow(EventFieldsSchema, body);
      try {
        const withSalt = await salted(context, deps.salts);
        const { eventId, hash } = identifierFor(bucket, withSalt, deps)(event);
        const key = eventKey(context.now, eventId, hash, partition);
        const row = enrichEvent(event, bucket, eventId, withSalt);
        await put(deps.store, { bucket, key, body: line(row), contentType: 'application/json' }, context);
        return { status: 'ok', eventId, bucket, key };
      } catch (error) {
        throw losing(error, bucket, 1);
      }
    },

    async trackBatch(body, context) {
      const bucket = authorizedBucket(body, context, deps);
      const { events } = parseOrThrow(BatchRequestSchema, body);
      const valid: { event: ParsedEventFields; index: number }[] = [];
      const rejected: RejectedEvent[] = [];
      events.forEach((raw, index) => {
        const result = EventFieldsSchema.safeParse(raw);
        if (!result.success) {
          rejected.push({ index, error: 'Invalid event', issues: toIssues(result.error, raw) });
          return;
        }
        valid.push({ event: result.data, index });
      });
      if (valid.length === 0) {
        // The issues of the first events only, a few each: the answer stays small however many were sent.
        const listed = rejected.slice(0, LISTED_INVALID_EVENTS);
        const more = rejected.length > listed.length ? ` (issues of the first ${listed.length} listed)` : '';
        throw new ValidationError(
          'Invalid batch',
          `None of the ${events.length} events is valid; nothing was stored${more}`,
          listed.flatMap(({ index, issues }) =>
            issues.slice(0, MAX_ISSUES_PER_EVENT).map((issue) => ({
              path: issue.path ? `events.${index}.${issue.path}` : `events.${index}`,
              message: issue.message,
            })),
          ),
          'invalid_event',
        );
      }
      // The salt is read only once some event is valid, so an invalid batch is a 400 even without one.
      // Server ids need it too (their sender part is the day's IP hash), so ids are given after it.
      let withSalt: SaltedContext;
      try {
        withSalt = await salted(context, deps.salts);
      } catch (error) {
        throw losing(error, bucket, valid.length, rejected);
      }
      const rows: StoredRow[] = [];
      const identities: { eventId: string; hash: string }[] = [];
      const seen = new Set<string>();
      const identify = identifierFor(bucket, withSalt, deps);
      for (const { event, index } of valid) {
        const identity = identify(event);
        const { eventId } = identity;
        if (seen.has(eventId)) {
          const issues = [{ path: 'eventId', message: `eventId ${eventId} appears earlier in this batch` }];
          rejected.push({ index, error: 'Duplicate eventId', issues });
          continue;
        }
        seen.add(eventId);
        identities.push(identity);
        rows.push(enrichEvent(event, bucket, eventId, withSalt));
      }
      rejected.sort((a, b) => a.index - b.index);
      const accepted = rows.map((row) => row.eventId);
      const key = batchKey(context.now, identities, partition);
      const ndjson = rows.map(line).join('');
      // Synchronous: the same bytes for half the CPU of the thread-pool version (a stream and a
      // hand-off per call); a batch is at most a few hundred KB (`npm run bench`, batches of 50).
      // Level 3, not zlib's default 6: on 50 rows level 6 spent over ten times the CPU (lazy matching),
      // and the Lambda bills CPU on every batch; objects are about 14% larger (the storage part of
      // `npm run bench`: 50.3 against 44.2 bytes per event in batches of 50), and raw days are compacted.
      const compressed = gzipSync(ndjson, { level: 3 });
      const object = {
        bucket,
        key,
        body: compressed,
        contentType: 'application/x-ndjson',
        contentEncoding: 'gzip',
      };
      try {
        await put(deps.store, object, context);
      } catch (error) {
        throw losing(error, bucket, rows.length, rejected);
      }
      return { status: 'ok', bucket, key, accepted, rejected };
    },
  };
}
