import * as z from 'zod/mini';

/**
 * 200 for one event. The seed's body: `{"status":"ok","eventId","bucket","key"}`.
 *
 * @example
 * { status: 'ok', eventId: '1702742400-a1b2c3d4e5f60718', bucket: 'app1-analytics-prod',
 *   key: 'analytics/year=2025/month=12/day=17/1702742400-a1b2c3d4e5f60718.json' }
 */
export const TrackResponseSchema = z.object({
  status: z.literal('ok'),
  eventId: z.string(),
  bucket: z.string(),
  key: z.string(),
});

/** Why one event of a batch was rejected. `index` is its position in the request's `events`. */
export const RejectedEventSchema = z.object({
  index: z.int(),
  error: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
});

/**
 * 200 for a batch: what was stored as one object (by event id, in request order) and what was
 * rejected (by index). A batch with no valid event is a 400 instead: nothing is written. The list
 * of rejections is bounded (about twice the request's size); rejections beyond it are counted in
 * `rejectedNotListed`, present only when some were left out.
 */
export const BatchResponseSchema = z.object({
  status: z.literal('ok'),
  bucket: z.string(),
  key: z.string(),
  accepted: z.array(z.string()),
  rejected: z.array(RejectedEventSchema),
  rejectedNotListed: z.optional(z.int()),
});

/** One validation problem: a dotted path into the body (`events.3.timestamp`) and what is wrong. */
export const IssueSchema = z.object({ path: z.string(), message: z.string() });

/**
 * Every error body: the seed's `{error, message}`, with `issues` for validation errors.
 *
 * @example
 * { error: 'Missing required field: bucket', message: 'You must specify the S3 bucket name in the request body' }
 */
export const ErrorResponseSchema = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.optional(z.array(IssueSchema)),
});

/** 200 body for one event. */
export type TrackResponse = z.output<typeof TrackResponseSchema>;
/** 200 body for a batch. */
export type BatchResponse = z.output<typeof BatchResponseSchema>;
/** One rejected event of a batch. */
export type RejectedEvent = z.output<typeof RejectedEventSchema>;
/** One validation problem. */
export type Issue = z.output<typeof IssueSchema>;
/** Every error body. */
export type ErrorResponse = z.output<typeof ErrorResponseSchema>;
