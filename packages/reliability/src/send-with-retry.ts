/** The outcome of sending one request until it is acknowledged or the attempts run out. */
export interface SendOutcome {
  /** HTTP status of the last attempt (0 when the connection failed). */
  status: number;
  /** Parsed JSON body of the last attempt. */
  body: unknown;
  attempts: number;
  /** Statuses of every attempt, in order. */
  statuses: number[];
  /** `Retry-After` of every 503, in order. */
  retryAfter: (string | null)[];
}

/** Options of `sendWithRetry`. */
export interface RetryOptions {
  maxAttempts?: number;
  /** Cap on the wait between attempts, in ms (tests shorten the server's `Retry-After`). */
  maxDelayMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * POSTs a JSON body and retries what the HTTP contract says to retry (connection errors, 429, 5xx),
 * honouring `Retry-After` up to `maxDelayMs`: the client's retry rule, in a dozen lines.
 *
 * @example
 * const outcome = await sendWithRetry(`${offline.url}/track`, { bucket, eventType: 'x', timestamp, eventId });
 * outcome.status; // 200
 */
export async function sendWithRetry(
  url: string,
  body: unknown,
  options: RetryOptions = {},
): Promise<SendOutcome> {
  const maxAttempts = options.maxAttempts ?? 20;
  const maxDelayMs = options.maxDelayMs ?? 50;
  const statuses: number[] = [];
  const retryAfter: (string | null)[] = [];
  const payload = JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    let status = 0;
    let parsed: unknown;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: payload,
      });
      status = response.status;
      if (status === 503) retryAfter.push(response.headers.get('retry-after'));
      parsed = await response.json().catch(() => undefined);
    } catch {
      status = 0;
    }
    statuses.push(status);
    const retryable = status === 0 || status === 429 || status >= 500;
    if (!retryable || attempt >= maxAttempts)
      return { status, body: parsed, attempts: attempt, statuses, retryAfter };
    const asked = Number(retryAfter.at(-1) ?? 0) * 1000;
    await sleep(Math.min(maxDelayMs, asked || 2 ** attempt));
  }
}
