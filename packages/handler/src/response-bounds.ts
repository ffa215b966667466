import type { BatchResponse, RejectedEvent } from '@analytics-tracker/schema';

/** Most issues listed for one rejected event: enough to fix it, not a multiplier of the request. */
export const MAX_ISSUES_PER_EVENT = 3;

/** Bytes a response's rejection list may take besides twice the request's own size. */
export const REJECTION_LIST_SLACK_BYTES = 512;

/**
 * A batch response whose `rejected` list fits in twice the request's size plus 512 bytes: events
 * that do not fit are counted in `rejectedNotListed` instead of listed, and each listed event
 * keeps at most three issues. A request of tiny invalid events (`[{},{},…]`) therefore cannot
 * make the tracker answer with a response many times its size. Logs and metrics count every
 * rejection from the full result, before this bound.
 *
 * @example
 * boundedBatchResponse(result, body.length).rejectedNotListed; // 480 for 500 `{}` events
 */
export function boundedBatchResponse(result: BatchResponse, requestBytes: number): BatchResponse {
  let budget = 2 * requestBytes + REJECTION_LIST_SLACK_BYTES;
  const listed: RejectedEvent[] = [];
  for (const rejection of result.rejected) {
    const entry = { ...rejection, issues: rejection.issues.slice(0, MAX_ISSUES_PER_EVENT) };
    budget -= Buffer.byteLength(JSON.stringify(entry)) + 1;
    if (budget < 0) break;
    listed.push(entry);
  }
  const notListed = result.rejected.length - listed.length + (result.rejectedNotListed ?? 0);
  const { rejectedNotListed: _, ...rest } = result;
  return notListed > 0
    ? { ...rest, rejected: listed, rejectedNotListed: notListed }
    : { ...rest, rejected: listed };
}
