/**
 * Why a call did not succeed:
 * - `ignored`: the visitor opted out, Do-Not-Track/GPC is respected, the page is on localhost, or the
 *   tracker was destroyed;
 * - `dropped`: `beforeSend` dropped the event, or the queue was full and the oldest events went;
 * - `retrying`: the endpoint is unreachable, timed out, 5xx or 429; events stay queued and are retried with backoff;
 * - `rejected`: the endpoint refused events (a 4xx, or `rejected[]` in a 200), or an event cannot be
 *   sent as JSON (a `bigint`, a circular value); they are not retried;
 * - `failed`: anything unexpected (kept away from the host page).
 */
export type ClientErrorCode = 'ignored' | 'dropped' | 'retrying' | 'rejected' | 'failed';

/**
 * The one error type a tracker call resolves with (and `onError` receives). A single class keyed by
 * `code` (rather than one class per kind) because the browser build has a 2 KB budget; callers switch on
 * `code`. Named apart from the handler's `TrackerError`, so an app that imports both never mixes them up.
 *
 * @example
 * const result = await tracker.track('signup');
 * if (!result.ok && result.error.code === 'ignored') console.info('visitor opted out');
 */
export class TrackerClientError extends Error {
  /** What went wrong; the message is the code too, so a logged error says it. */
  declare readonly code: ClientErrorCode;
  /** The HTTP status, when the endpoint answered. */
  declare readonly status: number | undefined;
  constructor(code: ClientErrorCode, status?: number) {
    super(code);
    // Plain assignments (no class fields) keep the browser build small.
    this.code = code;
    this.status = status;
  }
}
