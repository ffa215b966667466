/**
 * Why a call did not succeed:
 * - `ignored`: the visitor opted out, Do-Not-Track/GPC is respected, or the page is on localhost;
 * - `dropped`: `beforeSend` dropped the event;
 * - `retrying`: the endpoint is unreachable, 5xx or 429; events stay queued and are retried with backoff;
 * - `rejected`: the endpoint refused the batch with another 4xx; it is not retried;
 * - `failed`: anything unexpected (kept away from the host page).
 */
export type TrackerErrorCode = 'ignored' | 'dropped' | 'retrying' | 'rejected' | 'failed';

/**
 * The one error type a tracker call resolves with. A single class keyed by `code` (rather than one class
 * per kind) because the browser build has a 2 KB budget; callers switch on `code`.
 *
 * @example
 * const result = await tracker.track('signup');
 * if (!result.ok && result.error.code === 'ignored') console.info('visitor opted out');
 */
export class TrackerError extends Error {
  /** What went wrong; the message is the code too, so a logged error says it. */
  declare readonly code: TrackerErrorCode;
  /** The HTTP status, when the endpoint answered. */
  declare readonly status: number | undefined;
  constructor(code: TrackerErrorCode, status?: number) {
    super(code);
    // Plain assignments (no class fields) keep the browser build small.
    this.code = code;
    this.status = status;
  }
}
