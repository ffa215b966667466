/** First retry after about a second, doubling up to five minutes. */
const BASE_MS = 1000;
const MAX_BACKOFF_MS = 300_000;

/**
 * How long to wait before retry number `attempt` (0-based): the server's `Retry-After` (seconds or an
 * HTTP date) when it sent one, otherwise exponential backoff with jitter, so that many clients coming
 * back online together do not retry in lockstep. Never more than five minutes: a huge `Retry-After`
 * (30 days, a far-future date from some proxy's error page) would overflow `setTimeout` (2^31 ms), which
 * then fires at once, turning every open tab into a flood.
 *
 * @example
 * retryDelay(0, null); // 500..1000 (Math.random is the jitter)
 * retryDelay(3, '120'); // 120000
 * retryDelay(0, '2592000'); // 300000
 */
export function retryDelay(attempt: number, retryAfter: string | null | undefined): number {
  // Seconds, else a date; no header, "0" or garbage come out as 0 or NaN and mean "use backoff".
  const asked = +(retryAfter as string) * 1000 || Date.parse(retryAfter as string) - Date.now();
  // `true` multiplies as 1: the server's delay gets no jitter.
  return (
    Math.min(MAX_BACKOFF_MS, asked > 0 ? asked : BASE_MS * 2 ** attempt) *
    ((asked > 0 || 0.5 + Math.random() / 2) as number)
  );
}
