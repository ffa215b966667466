import * as z from 'zod/mini';
import { bucketNameProblem } from './bucket-name.js';
import { compiledObject } from './compiled-object.js';
import { isPlainObject, type JsonObject, jsonDepth } from './json.js';
import { LIMITS } from './limits.js';
import { TimestampSchema } from './timestamp.js';
import { hasLoneSurrogate, LONE_SURROGATE_MESSAGE, loneSurrogatePath } from './well-formed.js';

const utf8 = new TextEncoder();
const wellFormed = () =>
  z.refine<string>((text) => !hasLoneSurrogate(text), { error: LONE_SURROGATE_MESSAGE });
const boundedString = (max: number) => z.string().check(z.maxLength(max), wellFormed());
const optionalString = (max: number) => z.optional(z.nullable(boundedString(max)));

/** Client event ids double as S3 object names, so they are restricted to URL- and key-safe characters. */
export const EVENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

/**
 * An S3 bucket name that follows S3's naming rules (whether it is *allowed* is the handler's call).
 *
 * @example
 * BucketNameSchema.parse('app1-analytics-prod');
 */
export const BucketNameSchema = z.string().check(
  z.superRefine((name, ctx) => {
    const problem = bucketNameProblem(name);
    if (problem) ctx.issues.push({ code: 'custom', message: `Invalid bucket name: ${problem}`, input: name });
  }),
);

/**
 * Free-form event properties. Stored as one JSON-encoded column so arbitrary keys never change the table.
 * Bounded in size and depth; keys such as `__proto__` are kept as plain data and never merged anywhere.
 */
export const MetadataSchema = z
  .custom<JsonObject>((value) => isPlainObject(value), {
    error: 'metadata must be a JSON object',
  })
  .check(
    z.superRefine((value, ctx) => {
      const bad = loneSurrogatePath(value);
      if (bad) {
        ctx.issues.push({ code: 'custom', message: LONE_SURROGATE_MESSAGE, input: value, path: bad });
        return;
      }
      if (jsonDepth(value, LIMITS.maxMetadataDepth) > LIMITS.maxMetadataDepth) {
        ctx.issues.push({
          code: 'custom',
          message: `metadata must be nested at most ${LIMITS.maxMetadataDepth} levels deep`,
          input: value,
        });
        return;
      }
      const bytes = utf8.encode(JSON.stringify(value)).length;
      if (bytes > LIMITS.maxMetadataBytes) {
        ctx.issues.push({
          code: 'custom',
          message: `metadata must be at most ${LIMITS.maxMetadataBytes} bytes as JSON (got ${bytes})`,
          input: value,
        });
      }
    }),
  );

/** Viewport size in CSS pixels. */
export const ViewportSchema = compiledObject({
  width: z.int().check(z.gte(0), z.lte(LIMITS.maxViewportSide)),
  height: z.int().check(z.gte(0), z.lte(LIMITS.maxViewportSide)),
});

/**
 * The fields of one event, as a client sends them (everything but `bucket`).
 * Unknown keys are dropped, so a client can never set a server field such as `ip` or `serverTimestamp`.
 * `timestamp` comes out normalized (`2025-12-17T12:00:00.000Z`) whatever form it was sent in.
 *
 * @example
 * EventFieldsSchema.parse({ eventType: 'page_view', timestamp: '2025-12-17T12:00:00.000Z', page: '/' });
 */
export const EventFieldsSchema = compiledObject({
  eventType: z.string().check(z.minLength(1), z.maxLength(LIMITS.maxEventTypeLength), wellFormed()),
  /** Any unambiguous form the original stored (ISO with or without zone, a date, epoch ms), normalized to ISO UTC. */
  timestamp: TimestampSchema,
  eventId: z.optional(
    z.string().check(
      z.regex(EVENT_ID_PATTERN, {
        error: 'eventId must be 8-128 characters of A-Z, a-z, 0-9, "_" and "-"',
      }),
    ),
  ),
  page: optionalString(LIMITS.maxUrlLength),
  userAgent: optionalString(LIMITS.maxUserAgentLength),
  viewport: z.optional(z.nullable(ViewportSchema)),
  sessionId: optionalString(LIMITS.maxIdLength),
  userId: optionalString(LIMITS.maxIdLength),
  referrer: optionalString(LIMITS.maxUrlLength),
  fromWebsite: optionalString(LIMITS.maxIdLength),
  metadata: z.optional(z.nullable(MetadataSchema)),
});

/**
 * One event, as the system we replace accepted it: `POST /track` with the event and its `bucket`.
 *
 * @example
 * TrackRequestSchema.parse({ bucket: 'app1-analytics-prod', eventType: 'page_view', timestamp: new Date().toISOString() });
 */
export const TrackRequestSchema = z.extend(EventFieldsSchema, { bucket: BucketNameSchema });

/**
 * A batch: one bucket and many events, each validated on its own (a bad event rejects only itself).
 * The envelope is checked here; the handler validates every element with `EventFieldsSchema`.
 *
 * @example
 * BatchRequestSchema.parse({ bucket: 'app1-analytics-prod', events: [{ eventType: 'a', timestamp: '2025-12-17T12:00:00Z' }] });
 */
export const BatchRequestSchema = z.object({
  bucket: BucketNameSchema,
  events: z.array(z.unknown()).check(
    z.minLength(1, { error: 'events must hold at least one event' }),
    z.maxLength(LIMITS.maxEventsPerBatch, {
      error: `events must hold at most ${LIMITS.maxEventsPerBatch} events`,
    }),
  ),
});

/** One event's fields as the client writes them (input side: optional fields may be left out). */
export type EventFields = z.input<typeof EventFieldsSchema>;
/** One event's fields after validation. */
export type ParsedEventFields = z.output<typeof EventFieldsSchema>;
/** A single-event `POST /track` body. */
export type TrackRequest = z.input<typeof TrackRequestSchema>;
/** A batch `POST /track` body, with its events typed for senders. */
export type BatchRequest = { bucket: string; events: EventFields[] };
/** Viewport size in CSS pixels. */
export type Viewport = z.output<typeof ViewportSchema>;
