import type { IncomingHttpHeaders } from 'node:http';

/** Why a request was refused before any query ran: its status, body, and extra headers. */
export interface Refusal {
  status: 403 | 503;
  body: string;
  headers?: Record<string, string>;
}

// What a browser sends for the dashboard's own page (`same-origin`) and for an address typed or
// bookmarked (`none`). Every other value means another site made the browser ask.
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);

/**
 * Refuses what another web page could make a browser send: a `Sec-Fetch-Site` other than
 * `same-origin`/`none` (an `<img src>` or `fetch` from elsewhere), a `Host` that is not the
 * dashboard's own address (DNS rebinding), or an `Origin` that is not the dashboard's. Requests
 * without these headers (curl, scripts) pass: only browsers carry another site's intent.
 *
 * @example
 * crossSiteRefusal({ host: '127.0.0.1:3001', 'sec-fetch-site': 'cross-site' }, ownHosts);
 * // { status: 403, body: 'Refused: this request came from another site (Sec-Fetch-Site: cross-site)…' }
 */
export function crossSiteRefusal(
  headers: IncomingHttpHeaders,
  ownHosts: ReadonlySet<string>,
): Refusal | undefined {
  if (!ownHosts.has(headers.host ?? '')) {
    return { status: 403, body: 'Refused: open the dashboard at its localhost address.\n' };
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && !OWN_FETCH_SITES.has(site)) {
    return {
      status: 403,
      body: `Refused: this request came from another site (Sec-Fetch-Site: ${site.slice(0, 40)}). The dashboard answers only its own page; open it at its localhost address.\n`,
    };
  }
  const origin = headers.origin;
  if (origin !== undefined && !ownHosts.has(origin.replace(/^http:\/\//, ''))) {
    return {
      status: 403,
      body: 'Refused: this request came from another origin. The dashboard answers only its own page; open it at its localhost address.\n',
    };
  }
  return undefined;
}

/** A bound on the page loads (each a dozen queries) in flight or waiting at once. */
export interface LoadLimiter {
  /** Runs `work` when under the bound; otherwise answers the 503 to send instead. */
  run<T>(work: () => Promise<T>): Promise<{ value: T } | { refusal: Refusal }>;
  /** Loads in flight or queued now. */
  readonly active: number;
}

/**
 * Caps concurrent page loads: beyond `max`, a request gets 503 with `Retry-After` at once instead of
 * queueing queries without end (ten `<img>` tags, a stuck refresh loop, billed Athena scans).
 *
 * @example
 * const limiter = loadLimiter(4);
 * const outcome = await limiter.run(() => load(selection));
 * if ('refusal' in outcome) reply(outcome.refusal.status, outcome.refusal.body);
 */
export function loadLimiter(max: number, retryAfterSeconds = 2): LoadLimiter {
  let active = 0;
  return {
    get active() {
      return active;
    },
    async run(work) {
      if (active >= max) {
        return {
          refusal: {
            status: 503,
            body: `The dashboard is busy: ${active} page loads are already running (at most ${max}). Try again in ${retryAfterSeconds} s.\n`,
            headers: { 'retry-after': String(retryAfterSeconds) },
          },
        };
      }
      active++;
      try {
        return { value: await work() };
      } finally {
        active--;
      }
    },
  };
}
