import type { JsonObject } from '@analytics-tracker/schema';
import { type ClientErrorCode, TrackerClientError } from './client-error.js';
import { eventId } from './event-id.js';
import { currentPage } from './page-views.js';
import { OPT_OUT_KEY } from './privacy.js';
import { parseQueue } from './queue.js';
import { BROWSER, SCRIPT_TAG } from './runtime.js';
import type {
  AnyEvents,
  EventMap,
  Result,
  Tracker,
  TrackerEvent,
  TrackerOptions,
  TrackerStats,
} from './types.js';

/**
 * The endpoint's limit on `page` and `referrer`, in characters (the schema's `LIMITS.maxUrlLength`; a
 * test holds the two equal). Longer ones are cut, so a long query string never gets an event refused.
 *
 * @example
 * location.href.slice(0, MAX_URL_LENGTH);
 */
export const MAX_URL_LENGTH = 2048;

/** Where each tab keeps its session id and the time of its last event (see `enqueue`). */
const SESSION_KEY = 'analytics-tracker-session';
const SESSION_AT = 'analytics-tracker-session-at';

/**
 * Trackers alive in this page or process, by bucket, under this key of the global object: two copies of
 * this module (HMR, two bundles) see the same ones.
 */
const REGISTRY = 'analytics-tracker';
type Registry = Record<string, Tracker>;

type Failure = Extract<Result, { ok: false }>;
const OK: Result = { ok: true };
const fail = (code: ClientErrorCode, status?: number): Failure => ({
  ok: false,
  error: new TrackerClientError(code, status),
});
const cut = (url: string | null | undefined) => url?.slice(0, MAX_URL_LENGTH);

/**
 * Creates the tracker of one app (bucket). In a browser it also sends page views (on load, on
 * back/forward-cache restores, and with `navigation: spaNavigation` on single-page-app navigations), keeps unsent events in localStorage
 * across reloads and offline periods, and sends what is left when the page is hidden or closed. In Node
 * it sends over the global `fetch`, several batches at a time, and flushes once before the process
 * exits. Never throws: every method resolves to `{ ok: true } | { ok: false, error }`, and every event
 * is either delivered or counted in `stats()` (and passed to `onError`) with the reason.
 *
 * One tracker per bucket: while one is alive (until its `destroy()`), `createTracker` with the same
 * bucket returns it, so a module run twice (hot reload, React StrictMode, two widgets) never doubles
 * page views, listeners or locks.
 *
 * @example
 * type Events = { signup: { plan: 'free' | 'pro' }; logout: undefined };
 * const tracker = createTracker<Events>({ endpoint: 'https://abc.lambda-url.eu-west-1.on.aws', bucket: 'app1-analytics-prod' });
 * tracker.track('signup', { plan: 'pro' });
 */
export function createTracker<Events extends EventMap<Events> = AnyEvents>(
  options: TrackerOptions,
): Tracker<Events> {
  // The registry is made on first use, in one expression: the smallest form.
  // biome-ignore lint/suspicious/noAssignInExpressions: see above.
  const live = ((globalThis as unknown as Record<string, Registry>)[REGISTRY] ??= {});
  const { bucket, beforeSend, hashRouting, batchSize = BROWSER ? 25 : 100 } = options;
  const running = live[bucket];
  if (running) return running as unknown as Tracker<Events>;
  // Storage can throw on access (sandboxed iframes, some privacy modes), and does not exist in Node:
  // then the tracker runs from memory.
  let local: Storage | undefined;
  let visit: Storage | undefined;
  if (BROWSER) {
    try {
      local = localStorage;
      visit = sessionStorage;
    } catch {}
  }
  const base = `analytics-tracker-queue:${bucket}`;
  const prefix = `${base}:`;
  // With Web Locks each tab owns a queue of its own, `<base>:<random id>`, and holds the Web Lock of that
  // name for its lifetime: it is the only writer of its key, so tabs never overwrite each other's events
  // or send each other's batches. Without them (old browsers, plain-http pages) the tabs share `<base>`.
  const locks = local && navigator.locks;
  const key = locks ? prefix + eventId() : base;
  // Nothing is written before the tab holds its lock: another tab would take a key whose owner does not
  // hold its lock yet for a closed tab's.
  let owned = !locks && local;
  // Both ended by destroy(): `stop` aborts `signal`, which removes every listener; `release` resolves
  // `held`, which releases every Web Lock.
  const stop = new AbortController();
  const { signal } = stop;
  let release: (value?: unknown) => void;
  const held = new Promise((resolve) => (release = resolve));
  const counts: Omit<TrackerStats, 'queued'> = {
    delivered: 0,
    rejected: 0,
    dropped: 0,
    ignored: 0,
    failed: 0,
  };
  // The queue: every event not yet delivered, oldest first, in memory and (once the tab may write its
  // key) in storage. Batches are cut from it when they are sent (see `batches`). `busy` holds the ids of
  // the events on the wire: those are not sent twice at once, never dropped (they may well arrive) and
  // not counted against the cap.
  let queue: TrackerEvent[] = [];
  const busy = new Set<string | undefined>();
  const idle = (event: TrackerEvent) => !busy.has(event.eventId);
  // Events added since the last flush: each `batchSize` of them starts one.
  let fresh = 0;
  let userId: string | null | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let retryAfter: string | null | undefined;
  // Set by deliver() when a batch is to be retried; drain() schedules one retry for all of them.
  let retrying: Failure | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  /** Every event not stored goes through here: counted, handed to onError, and logged in development. */
  const lose = (code: Exclude<ClientErrorCode, 'retrying'>, events: TrackerEvent[], status?: number) => {
    const result = fail(code, status);
    counts[code] += events.length;
    try {
      if (!SCRIPT_TAG) options.onError?.(result.error, events);
      // Bundlers replace process.env.NODE_ENV, so production builds carry none of this; without a
      // bundler `process` is not defined in a browser, and this throws before logging.
      if (process.env.NODE_ENV !== 'production') console.warn('analytics-tracker:', code, status, events);
    } catch {}
    return result;
  };

  /**
   * Changes the queue (when `change` is given), applies the cap (the oldest idle events go, counted as
   * dropped), stores it and returns it. The queue is re-read from storage first: where tabs share a key
   * (no Web Locks) another tab may have changed it. Nothing stored (yet, or removed after a failed
   * write), no storage, or a corrupted entry: memory is the truth.
   */
  const write = (change?: (events: TrackerEvent[]) => TrackerEvent[]): TrackerEvent[] => {
    queue = parseQueue((owned as Storage | undefined)?.[key]) ?? queue;
    // biome-ignore lint/suspicious/noAssignInExpressions: the shortest form in the 2 KB core.
    const gone = (queue = change?.(queue) ?? queue)
      .filter(idle)
      .slice(0, -((SCRIPT_TAG ? undefined : options.maxQueue) ?? 1000));
    queue = queue.filter((event) => !gone.includes(event));
    if (gone[0]) lose('dropped', gone);
    if (owned) {
      try {
        owned[key] = JSON.stringify(queue);
      } catch {
        // Quota or privacy mode. Memory is the truth from now on: the stale copy is removed, so it is
        // never read back over newer state (and never sent again by a later visit).
        delete owned[key];
      }
    }
    return queue;
  };

  /**
   * The idle events cut into batches, oldest first, of at most `batchSize` events and 60,000 bytes of
   * JSON (browsers allow 64 KiB of keepalive bodies in flight per page). The same queue always gives the
   * same batches, so a batch sent again unchanged is the same object on the server (which names a batch
   * after its events).
   */
  const batches = (): TrackerEvent[][] => {
    const cut: TrackerEvent[][] = [];
    let batch: TrackerEvent[] = [];
    // Starting "full" makes the first event open a new batch.
    let bytes = 60_000;
    for (const event of write().filter(idle)) {
      // UTF-8 bytes of its JSON, and a comma: request limits are in bytes, not UTF-16 units.
      const size = new Blob([JSON.stringify(event)]).size + 1;
      bytes += size;
      if (batch.length >= batchSize || bytes > 60_000) {
        // biome-ignore lint/suspicious/noAssignInExpressions: the shortest form in the 2 KB core.
        cut.push((batch = []));
        bytes = size;
      }
      batch.push(event);
    }
    return cut;
  };

  const later = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
    // In Node a pending batch must not keep the process alive; it is flushed before exit instead.
    if (!BROWSER) timer.unref?.();
  };

  /**
   * Sends one batch and settles its fate: kept for a retry (no answer within `timeout`, 5xx, 429), or
   * removed from the queue with every event delivered or counted as rejected (a 4xx, or `rejected[]` of
   * a 200). Always with keepalive, so a request in flight when the page closes still arrives.
   */
  const deliver = async (batch: TrackerEvent[]): Promise<Result> => {
    const ids = batch.map((event) => event.eventId);
    let response: Response | undefined;
    let body: { rejected?: { index: number }[] } | undefined;
    ids.map(busy.add, busy);
    try {
      response = await ((SCRIPT_TAG ? undefined : options.fetch) ?? fetch)(
        options.endpoint.replace(/\/?$/, '/track'),
        {
          method: 'POST',
          body: JSON.stringify({ bucket, events: batch }),
          keepalive: true,
          signal: AbortSignal.timeout?.((SCRIPT_TAG ? undefined : options.timeout) ?? 10_000),
        },
      );
      body = await response.json();
    } catch {}
    ids.map(busy.delete, busy);
    const status = response?.status;
    if (!status || status === 429 || status >= 500) {
      retryAfter = response?.headers.get('retry-after');
      // biome-ignore lint/suspicious/noAssignInExpressions: the shortest form in the 2 KB core.
      return (retrying = fail('retrying', status));
    }
    write((events) => events.filter((event) => !ids.includes(event.eventId)));
    // Refused: the whole batch on another 4xx (which will not get better by retrying), else the events
    // listed in `rejected[]` of a 200.
    const refused =
      status >= 300 ? batch : (body?.rejected ?? []).map(({ index }) => batch[index] as TrackerEvent);
    counts.delivered += batch.length - refused.length;
    return refused[0] ? lose('rejected', refused, status) : OK;
  };

  const drain = async (): Promise<Result> => {
    clearTimeout(timer);
    timer = undefined;
    let result = OK;
    // Browsers send one batch at a time (keepalive quota, connections shared with the page), servers several.
    for (;;) {
      retrying = undefined;
      const outcomes = await Promise.all(
        batches()
          .slice(0, BROWSER ? 1 : 4)
          .map(deliver),
      );
      if (!outcomes[0]) return result;
      for (const outcome of outcomes) if (!outcome.ok) result = outcome;
      if (retrying) {
        // The server's `Retry-After` (seconds or an HTTP date) when it sent one, else exponential backoff
        // from about a second with a jitter of 50-100% (clients back online together do not retry in
        // lockstep); either at most five minutes: a huge `Retry-After` (30 days, a far-future date from
        // some proxy's error page) would overflow `setTimeout` (2^31 ms), which then fires at once.
        // No header, "0" or garbage come out as 0 or NaN, and mean backoff.
        const asked = +(retryAfter as string) * 1000 || Date.parse(retryAfter as string) - Date.now();
        // `attempt` counts the retries that waited for backoff.
        later(
          Math.min(asked > 0 ? asked : 1000 * 2 ** attempt++, 300_000) *
            (asked > 0 ? 1 : 0.5 + Math.random() / 2),
        );
        return retrying;
      }
      attempt = 0;
    }
  };

  const flush = (): Promise<Result> => {
    fresh = 0;
    // biome-ignore lint/suspicious/noAssignInExpressions: the shortest form in the 2 KB core.
    return (chain = chain.then(drain).catch(() => fail('failed')));
  };

  const enqueue = async (eventType: string, props?: object, page?: string): Promise<Result> => {
    let event: TrackerEvent = {
      eventType,
      timestamp: new Date().toISOString(),
      eventId: eventId(),
      page: cut(BROWSER ? (page ?? currentPage(hashRouting)) : page),
      userId,
      metadata: props as JsonObject | undefined,
      referrer: BROWSER ? cut(document.referrer) || undefined : undefined,
    };
    // What a throw below means: anything unexpected, until the event is copied as JSON.
    let code: 'failed' | 'rejected' = 'failed';
    try {
      if (
        signal.aborted ||
        (BROWSER &&
          // Opted out; Do-Not-Track or Global Privacy Control, with the `doNotTrack` module; a development
          // page (localhost, 127.x.x.x, [::1], and `file:` pages, whose host name is empty) unless allowed.
          // Read on every event, so opting out takes effect at once.
          (local?.[OPT_OUT_KEY] === 'true' ||
            options.respectDoNotTrack?.() ||
            (!options.allowLocalhost && /^(localhost|127\.[\d.]+|\[::1])?$/.test(location.hostname))))
      )
        return lose('ignored', [event]);
      // The visit's session id, kept in sessionStorage (no cookies) with the time of its last event, and
      // renewed after 30 minutes (1,800,000 ms) without events, as in most analytics tools. A missing or
      // unreadable time (`NaN`) starts a new session.
      if (BROWSER && visit) {
        const now = Date.now();
        event.sessionId =
          // biome-ignore lint/suspicious/noAssignInExpressions: the shortest form in the 2 KB core.
          (now - visit[SESSION_AT] < 1_800_000 && visit[SESSION_KEY]) || (visit[SESSION_KEY] = eventId());
        visit[SESSION_AT] = now;
      }
      const edited = !SCRIPT_TAG && beforeSend ? beforeSend(event) : event;
      if (!edited) return lose('dropped', [event]);
      event = edited;
      code = 'rejected';
      // A copy (later changes by the app do not reach the queue) and the proof that the event is JSON:
      // a bigint or a circular value is refused here, alone, instead of breaking its batch later.
      write((events) => [...events, JSON.parse(JSON.stringify(edited))]);
      if (++fresh >= batchSize) flush();
      else if (!timer) later((SCRIPT_TAG ? undefined : options.flushInterval) ?? 2000);
      return OK;
    } catch {
      return lose(code, [event]);
    }
  };

  const pageView = (page?: string) => enqueue('page_view', undefined, page);

  try {
    if (BROWSER) {
      // When the page is hidden (which every supported browser also signals when it is closed or left,
      // before `pagehide`), it may be gone before any promise settles: every request starts now. Batches
      // stay under the 64 KiB keepalive limit; past the browser's total keepalive quota a request fails
      // at once and its events stay queued for the next visit. Events already on the wire are not sent
      // again. visibilitychange bubbles from the document to the window.
      addEventListener('visibilitychange', () => document.hidden && batches().map(deliver), { signal });
      addEventListener('online', flush, { signal });
      if (options.autoPageViews !== false) {
        pageView();
        // A page restored from the back/forward cache is a visit the browser does not load again.
        addEventListener('pageshow', (event) => event.persisted && pageView(), { signal });
        options.navigation?.(pageView, hashRouting, signal);
      }
      // Once the tab holds its own lock, it asks for the lock of every other key of this bucket in
      // storage (and of the shared key, where a tab without Web Locks may have left events). Such a lock
      // is free only once the tab that held it is gone (closed, reloaded, crashed, destroyed): whoever
      // gets it first takes that queue over (its events ahead of its own), removes the key and keeps the
      // lock as long as it lives, so a tab that still sees the removed key (storage reaches other tabs
      // late) cannot take it over again. The tab's own key is not stored yet then.
      locks?.request(key, () => {
        owned = local;
        for (const name in local) {
          if (`${name}:`.startsWith(prefix)) {
            locks.request(name, () => {
              if (!signal.aborted) {
                // A missing or corrupted queue adds nothing, and its key goes too.
                write((events) => [...(parseQueue((owned as Storage)[name]) ?? []), ...events]);
                delete (owned as Storage)[name];
                flush();
              }
              return held;
            });
          }
        }
        return held;
      });
    } else globalThis.process?.once('beforeExit', flush);
  } catch {
    // A tracker that cannot hook into the page (a custom navigation watcher that throws) still queues
    // and sends what it is given.
  }

  // biome-ignore lint/suspicious/noAssignInExpressions: the shortest form in the 2 KB core.
  return (live[bucket] = {
    track: enqueue,
    pageView,
    identify: async (id) => {
      userId = id;
      return OK;
    },
    flush,
    // The queue as of its last change (where tabs share a key, with the other tabs' events it held then).
    stats: () => ({ queued: queue.length, ...counts }),
    // Resolves to what the last flush resolved to.
    destroy: () =>
      flush().finally(() => {
        stop.abort();
        release();
        clearTimeout(timer);
        if (!BROWSER) globalThis.process?.off('beforeExit', flush);
        delete live[bucket];
      }),
  }) as unknown as Tracker<Events>;
}
