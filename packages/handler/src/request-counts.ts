import type { BatchResponse, TrackResponse } from '@analytics-tracker/schema';
import type { TrackerError } from './errors.js';

/** Events accepted and rejected in one request for one bucket, with why they were rejected. */
export interface BucketCounts {
  /** An allowed bucket, or `undefined` when the request never reached one (no attacker-chosen labels). */
  bucket: string | undefined;
  accepted: number;
  rejected: number;
  /** Rejection reasons with counts (`invalid_event: 2`). */
  reasons: Record<string, number>;
}

const reasonOf = (error: string) => error.toLowerCase().replaceAll(' ', '_');

/**
 * Rejected events of a batch counted by reason (`Invalid event` → `invalid_event`).
 *
 * @example
 * rejectionReasons([{ index: 1, error: 'Invalid event', issues: [] }]); // { invalid_event: 1 }
 */
export function rejectionReasons(rejected: readonly { error: string }[]): Record<string, number> {
  const reasons: Record<string, number> = {};
  for (const { error } of rejected) {
    const reason = reasonOf(error);
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  return reasons;
}

/**
 * The counts of one successful response: a single event, or a batch with its rejections.
 *
 * @example
 * countsOf({ status: 'ok', eventId, bucket: 'b', key }); // { bucket: 'b', accepted: 1, rejected: 0, reasons: {} }
 */
export function countsOf(result: TrackResponse | BatchResponse): BucketCounts {
  if ('eventId' in result) return { bucket: result.bucket, accepted: 1, rejected: 0, reasons: {} };
  const reasons = rejectionReasons(result.rejected);
  return {
    bucket: result.bucket,
    accepted: result.accepted.length,
    rejected: result.rejected.length + (result.rejectedNotListed ?? 0),
    reasons,
  };
}

/**
 * The counts of a refused request: nothing accepted, one reason.
 *
 * @example
 * refused('bucket_not_allowed'); // { bucket: undefined, accepted: 0, rejected: 0, reasons: { bucket_not_allowed: 1 } }
 */
export function refused(reason: string): BucketCounts {
  return { bucket: undefined, accepted: 0, rejected: 0, reasons: { [reason]: 1 } };
}

/**
 * The counts of a request that failed: when the failure kept the events of an allowed bucket from
 * being stored (`TrackerError.lostEvents`), each of them is rejected for its reason under that bucket,
 * beside the request's other rejected events; otherwise, as `refused`, one request for the reason.
 *
 * @example
 * failed(new StorageUnavailableError(cause).withLostEvents('b', 3));
 * // { bucket: 'b', accepted: 0, rejected: 3, reasons: { storage_unavailable: 3 } }
 */
export function failed(error: TrackerError): BucketCounts {
  const lost = error.lostEvents;
  if (!lost) return refused(error.reason);
  const reasons: Record<string, number> = { ...lost.otherReasons };
  reasons[error.reason] = (reasons[error.reason] ?? 0) + lost.count;
  const rejected = Object.values(reasons).reduce((sum, value) => sum + value, 0);
  return { bucket: lost.bucket, accepted: 0, rejected, reasons };
}

/**
 * Adds up counts per bucket (a tRPC batch can touch several buckets, or the same one twice).
 *
 * @example
 * mergeCounts([countsOf(a), countsOf(b)]);
 */
export function mergeCounts(counts: readonly BucketCounts[]): BucketCounts[] {
  const merged = new Map<string | undefined, BucketCounts>();
  for (const count of counts) {
    const into = merged.get(count.bucket) ?? { bucket: count.bucket, accepted: 0, rejected: 0, reasons: {} };
    into.accepted += count.accepted;
    into.rejected += count.rejected;
    for (const [reason, value] of Object.entries(count.reasons))
      into.reasons[reason] = (into.reasons[reason] ?? 0) + value;
    merged.set(count.bucket, into);
  }
  return [...merged.values()];
}

/**
 * Totals for the request's log line: the bucket (comma-joined when several), and the summed counts.
 *
 * @example
 * totals([{ bucket: 'a', accepted: 2, rejected: 1, reasons: { invalid_event: 1 } }]);
 */
export function totals(
  counts: readonly BucketCounts[],
): Omit<BucketCounts, 'bucket'> & { bucket: string | undefined } {
  const [sum] = mergeCounts(counts.map((count) => ({ ...count, bucket: undefined })));
  const buckets = counts.flatMap((count) => (count.bucket ? [count.bucket] : []));
  return {
    bucket: buckets.length ? [...new Set(buckets)].join(',') : undefined,
    accepted: sum?.accepted ?? 0,
    rejected: sum?.rejected ?? 0,
    reasons: sum?.reasons ?? {},
  };
}
