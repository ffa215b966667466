/**
 * Named limits shared by the handler, the client and the docs.
 * Changing one is a wire-contract change: the handler enforces it and the client stays under it.
 *
 * @example
 * import { MAX_EVENTS_PER_BATCH } from '@analytics-tracker/schema';
 * if (queue.length >= MAX_EVENTS_PER_BATCH) flush();
 */
export const LIMITS = {
  /** Largest request body accepted, in bytes (after base64 decoding). Larger bodies get a 413. */
  maxBodyBytes: 512 * 1024,
  /** Most events in one batch request. */
  maxEventsPerBatch: 500,
  /** `eventType`: 1..128 characters. */
  maxEventTypeLength: 128,
  /** `page` and `referrer` (URLs). */
  maxUrlLength: 2048,
  /** `userAgent`. */
  maxUserAgentLength: 1024,
  /** `sessionId`, `userId`, `fromWebsite`. */
  maxIdLength: 256,
  /** `metadata` serialized as JSON, in bytes (UTF-8). */
  maxMetadataBytes: 8 * 1024,
  /** Nesting depth of `metadata` (the object itself is depth 1). */
  maxMetadataDepth: 5,
  /** Largest viewport side in CSS pixels. */
  maxViewportSide: 100_000,
} as const;

/** Most events in one batch request (`LIMITS.maxEventsPerBatch`). */
export const MAX_EVENTS_PER_BATCH = LIMITS.maxEventsPerBatch;
/** Largest request body in bytes (`LIMITS.maxBodyBytes`). */
export const MAX_BODY_BYTES = LIMITS.maxBodyBytes;
