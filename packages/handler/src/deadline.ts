/**
 * The time an invocation has left to wait on S3 and SSM. Every wait of a request (an attempt's
 * timeout, a backoff pause) is cut to it, so the handler still answers, logs and counts before Lambda
 * ends the invocation. Absent outside Lambda (tests, `npm run offline`): the limits per attempt apply.
 */
export interface Deadline {
  /** Milliseconds left; 0 or less once it has passed. */
  remainingMs(): number;
}

/** What the handler reads of Lambda's context object (`context.getRemainingTimeInMillis()`). */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

/**
 * Time kept back from the invocation's remaining time for what follows the last wait: the 503's body,
 * the request's log line, its EMF metric lines and the return to the runtime. That is well under 1 ms
 * of CPU on a whole core; Lambda gives a function CPU in proportion to its memory ("At 1,769 MB, a
 * function has the equivalent of one vCPU", Lambda's "Configure Lambda function memory"), so at the
 * smallest size, 128 MB, it is about 14 ms, and 250 ms leaves over ten times that for timers that fire
 * late and a socket being torn down.
 */
export const RESPONSE_MARGIN_MS = 250;

/**
 * An attempt (S3 `PutObject`, SSM `GetParameter`) is not started with less time than this. AWS gives
 * the median latency of small S3 requests (under 512 KB) as "in the tens of milliseconds" (whitepaper
 * "Best Practices Design Patterns: Optimizing Amazon S3 Performance", timeouts and retries for
 * latency-sensitive applications): 100 ms is a few times that, and an attempt given less would mostly
 * be abandoned unanswered, possibly after S3 wrote.
 */
export const MIN_ATTEMPT_MS = 100;

/**
 * A deadline `ms` from now on a monotonic clock (`performance.now()`, or the clock given).
 *
 * @example
 * const deadline = deadlineIn(1_000);
 * deadline.remainingMs(); // 1000, then less
 */
export function deadlineIn(ms: number, now: () => number = () => performance.now()): Deadline {
  const end = now() + ms;
  return { remainingMs: () => end - now() };
}

/**
 * The deadline of a Lambda invocation: its remaining time less `RESPONSE_MARGIN_MS`; `undefined`
 * without a context (tests, offline), where only the limits per attempt apply.
 *
 * @example
 * export const handler = (event, context) => run(event, invocationDeadline(context));
 */
export function invocationDeadline(
  context: InvocationContext | undefined,
  marginMs: number = RESPONSE_MARGIN_MS,
): Deadline | undefined {
  if (typeof context?.getRemainingTimeInMillis !== 'function') return undefined;
  return deadlineIn(context.getRemainingTimeInMillis() - marginMs);
}

/**
 * The time one attempt may take: its own limit, cut to what the deadline leaves; `undefined` when less
 * than `MIN_ATTEMPT_MS` is left, so the attempt is not started.
 *
 * @example
 * attemptTime(2_000, deadlineIn(700)); // about 700
 * attemptTime(2_000, undefined); // 2000
 */
export function attemptTime(limitMs: number, deadline: Deadline | undefined): number | undefined {
  if (!deadline) return limitMs;
  const left = deadline.remainingMs();
  return left < MIN_ATTEMPT_MS ? undefined : Math.min(limitMs, Math.floor(left));
}

/**
 * Whether a pause of `ms` still leaves time for an attempt after it.
 *
 * @example
 * roomAfterPause(500, deadlineIn(550)); // false
 */
export function roomAfterPause(ms: number, deadline: Deadline | undefined): boolean {
  return !deadline || deadline.remainingMs() - ms >= MIN_ATTEMPT_MS;
}
