import { createServer } from 'node:net';

/**
 * The header every response of `npm run offline` carries (its HTTP server and its embedded S3),
 * with the process id: a second tracker finding a port busy asks who listens there.
 */
export const OFFLINE_HEADER = 'x-analytics-tracker-offline';

/** Ports tried after the busy one before giving up on a suggestion. */
const CANDIDATES = 50;

/** True when `port` can be listened on at `host` right now (listens, then closes at once). */
function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/**
 * The first port after `busy` that is free at this moment on `host` and is none of `avoid` (the
 * other ports this tracker will take), or undefined when none of the next 50 is.
 *
 * @example
 * await freePortAfter(3000, '127.0.0.1', [4569]); // 3001, or the next free one
 */
export async function freePortAfter(
  busy: number,
  host: string,
  avoid: readonly number[] = [],
): Promise<number | undefined> {
  for (let port = busy + 1; port <= Math.min(65535, busy + CANDIDATES); port++) {
    if (!avoid.includes(port) && (await isFree(port, host))) return port;
  }
  return undefined;
}

/**
 * The pid of the `npm run offline` listening on `port` (its HTTP or embedded S3 server), or
 * undefined when whatever listens there is not one (or does not answer within a second).
 *
 * @example
 * await offlineOnPort(3000, '127.0.0.1'); // 41234 when another tracker runs there
 */
export async function offlineOnPort(port: number, host: string): Promise<number | undefined> {
  try {
    const response = await fetch(`http://${host}:${port}/`, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    const pid = Number(response.headers.get(OFFLINE_HEADER));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
