import type { JsonObject } from '@analytics-tracker/schema';
import { retryDelay } from './backoff.js';
import { type ClientErrorCode, TrackerClientError } from './client-error.js';
import { eventId } from './event-id.js';
import { currentPage } from './page-views.js';
import { OPT_OUT_KEY } from './privacy.js';
import { BROWSER } from './runtime.js';
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

/**
 * The global property (a name no identifier takes) holding the trackers alive in this page or process,
 * by bucket: two copies of this module (HMR, two bundles) see the same ones.
 */
const REGISTRY = 'analytics-tracker';
type Registry = Record<string, Tracker>;

/**
 * What the queue keeps (short keys: it lives in localStorage, and earlier versions wrote the same shape).
 * `o` is the open batch, still growing; `s` are sealed batches, frozen once formed and resent exactly as
 * they are until acknowledged, because the server derives a batch's object key from its event ids: the
 * same batch twice is one object, a regrouped one would be a duplicate.
 */
interface QueueState {
  o: TrackerEvent[];
  s: TrackerEvent[][];
}

type Failure = Extract<Result, { ok: false }>;
const OK: Result = { ok: true };
const fail = (code: ClientErrorCode, status?: number): Failure => ({
  ok: false,
  error: new TrackerClientError(code, status),
});
const cut = (url: string | null | undefined) => url?.slice(0, MAX_URL_LENGTH);
/** A batch is known by its first event id (another tab may have re-read the list since). */
const idOf = (batch: TrackerEvent[]) => batch[0]?.eventId;

/**
 * Reads a stored queue, or throws when it is missing or does not have the queue's shape (another
 * version, another script, a hand edit): `[...x]` throws for anything not iterable, so a corrupted
 * entry can never reach the host page as a TypeError later.
 */
const parse = (text: string | null | undefined): QueueState => {
  const stored = JSON.parse(text as string) as QueueState;
  return { o: [...stored.o], s: stored.s.map((batch) => [...batch]) };
};

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
  // The registry and the tracker are each made on first use, in one expression: the smallest form.
  // biome-ignore lint/suspicious/noAssignInExpressions: see above.
  const live = (((BROWSER ? self : globalThis) as unknown as Record<string, Registry>)[REGISTRY] ??= {});
  // biome-ignore lint/suspicious/noAssignInExpressions: see above.
  return (live[options.bucket] ??= start(options, live)) as unknown as Tracker<Events>;
}

function start(options: TrackerOptions, live: Registry): Tracker {
  const {
    bucket,
    beforeSend = (event: TrackerEvent) => event,
    hashRouting,
    onError,
    flushInterval = 2000,
    timeout = 10_000,
    maxQueue = 1000,
    batchSize = BROWSER ? 25 : 100,
    fetch: send = fetch,
  } = options;
  const url = options.endpoint.replace(/\/?$/, '/track');
  // Storage can throw on access (sandboxed iframes, some privacy modes), and does not exist in Node:
  // then the tracker runs from memory.
  let local: Storage | undefined;
  if (BROWSER) {
    try {
      local = localStorage;
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
  // hold its lock yet for a closed tab's. Until then (or without storage) the queue lives in memory.
  let owned = !locks && local;
  // Aborted by destroy(), which removes every listener; `release()` resolves `held`, which frees every
  // Web Lock this tracker holds.
  const stop = new AbortController();
  const { signal } = stop;
  let release: (value?: unknown) => void;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  const counts: Omit<TrackerStats, 'queued'> = {
    delivered: 0,
    rejected: 0,
    dropped: 0,
    ignored: 0,
    failed: 0,
  };
  // First event ids of the batches on the wire: never sent twice at once, and never dropped (they may well
  // arrive); they still count against maxQueue, as they are still queued.
  const busy = new Set<string | undefined>();
  const idle = (batch: TrackerEvent[]) => !busy.has(idOf(batch));
  let queue: QueueState = { o: [], s: [] };
  let userId: string | null | undefined;
  let timer: ReturnType<typeof setTimeout> | 0 | undefined;
  let attempt = 0;
  // Set by deliver() when a batch is to be retried (it schedules the retry), or was refused.
  let retrying: Failure | 0 | undefined;
  let refusal: Failure | 0 | undefined;
  let chain = Promise.resolve(OK);

  /** Every event not stored goes through here: counted, handed to onError, and logged in development. */
  const lose = (code: Exclude<ClientErrorCode, 'retrying'>, events: TrackerEvent[], status?: number) => {
    const result = fail(code, status);
    counts[code] += events.length;
    try {
      onError?.(result.error, events);
      // Bundlers replace process.env.NODE_ENV, so production builds carry none of this; without a
      // bundler `process` is not defined in a browser, and this throws before logging.
      if (process.env.NODE_ENV !== 'production') console.warn('analytics-tracker:', code, status, events);
    } catch {}
    return result;
  };

  /** Seals the open batch. */
  const seal = () => {
    if (queue.o[0]) queue.s.push(queue.o);
    queue.o = [];
  };

  /**
   * Every change to the queue: re-read, change, apply the cap, store. Whole sealed batches go first
   * when the queue is full, oldest first (cutting into one would change it, and with it its object
   * key), never one on the wire; then the oldest open events. Everything a tracker changes goes through
   * here, in this order, whichever storage it has (or none).
   */
  const update = (change: () => unknown) => {
    try {
      // The queue as stored now (another tab shares it where Web Locks are missing).
      queue = parse((owned as Storage).getItem(key));
    } catch {
      // No storage (or not this tab's yet), nothing stored, unreadable, blocked or corrupted: memory.
    }
    change();
    let over = [queue.o, ...queue.s].flat().length - maxQueue;
    queue.s = queue.s.filter(
      // biome-ignore lint/complexity/noCommaOperator: the smallest form (the browser build has a 2 KB budget).
      // biome-ignore lint/suspicious/noAssignInExpressions: see above.
      (batch) => over < 1 || !idle(batch) || ((over -= batch.length), !lose('dropped', batch)),
    );
    if (over > 0) lose('dropped', queue.o.splice(0, over));
    try {
      // Removed first: if the write fails (quota), memory is the truth from now on, and the stale copy is
      // never read back over newer state, nor sent again by a later visit.
      (owned as Storage).removeItem(key);
      (owned as Storage).setItem(key, JSON.stringify(queue));
    } catch {}
  };

  /** Sealed batches not on the wire, after sealing the open one. */
  const pending = () => {
    update(seal);
    return queue.s.filter(idle);
  };

  const later = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
    // In Node a pending batch must not keep the process alive; it is flushed before exit instead.
    if (!BROWSER) timer.unref?.();
  };

  /**
   * Sends one batch and settles its fate: kept for a retry (no answer within `timeout`, 5xx, 429), or
   * forgotten with every event delivered or counted as rejected (a 4xx, or `rejected[]` of a 200).
   * Always with keepalive, so a request in flight when the page closes still arrives.
   */
  const deliver = async (batch: TrackerEvent[]) => {
    const id = idOf(batch);
    let response: Response | undefined;
    let body: { rejected?: { index: number }[] } | undefined;
    busy.add(id);
    try {
      response = await send(url, {
        method: 'POST',
        body: JSON.stringify({ bucket, events: batch }),
        keepalive: true,
        signal: AbortSignal.timeout?.(timeout),
      });
      body = await response.json();
    } catch {}
    busy.delete(id);
    const status = response?.status as number;
    // No answer (undefined is not < 500), a 5xx or a 429: kept, retried later.
    if (!(status < 500 && status - 429)) {
      later(retryDelay(attempt, response?.headers.get('retry-after')));
      retrying = fail('retrying', status);
      return;
    }
    update(() => {
      queue.s = queue.s.filter((sealed) => idOf(sealed) !== id);
    });
    // Another 4xx will not get better by retrying.
    const refused =
      status > 299 ? batch : (body?.rejected?.map((entry) => batch[entry.index] as TrackerEvent) ?? []);
    counts.delivered += batch.length - refused.length;
    if (refused[0]) refusal = lose('rejected', refused, status);
  };

  const drain = async (): Promise<Result> => {
    clearTimeout(timer);
    timer = retrying = refusal = 0;
    // Browsers send one batch at a time (keepalive quota, connections shared with the page), servers several.
    for (let batches = pending(); !retrying && batches[0]; batches = pending()) {
      await Promise.all(batches.slice(0, BROWSER ? 1 : 4).map(deliver));
    }
    if (retrying) attempt++;
    else attempt = 0;
    return retrying || refusal || OK;
  };

  const flush = (): Promise<Result> => (chain = chain.then(drain).catch(() => fail('failed')));

  // The page may be gone before any promise settles: start every request now. Batches are sealed under
  // the 64 KiB keepalive limit; past the browser's total keepalive quota a request fails at once and its
  // batch stays queued for the next visit. Batches already on the wire (a flush, or an earlier
  // `visibilitychange`) are not sent again.
  const unload = () => pending().map(deliver);

  const enqueue = async (eventType: string, props?: object, page?: string): Promise<Result> => {
    let event: TrackerEvent = {
      eventType,
      timestamp: new Date().toISOString(),
      eventId: eventId(),
      page: cut(BROWSER ? (page ?? currentPage(hashRouting)) : page),
      userId,
      metadata: props as JsonObject | undefined,
    };
    // Why the event is lost if something below throws: each step names its reason first.
    let code: Exclude<ClientErrorCode, 'retrying'> = 'ignored';
    try {
      // Not tracked: destroyed, opted out (read on every event, so opting out takes effect at once),
      // Do-Not-Track ("1" when on: the only value that makes a truthy number) or Global Privacy Control
      // when asked, or a development page (localhost, 127.x.x.x, [::1], and `file:` pages, whose host
      // name is empty) unless allowed.
      if (
        signal.aborted ||
        (BROWSER &&
          (local?.getItem(OPT_OUT_KEY) === 'true' ||
            (options.respectDoNotTrack &&
              (+(navigator.doNotTrack as string) ||
                (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl)) ||
            (!options.allowLocalhost && /^(localhost|127\.[\d.]+|\[::1]|)$/.test(location.hostname))))
      )
        throw code;
      code = 'failed';
      if (BROWSER) {
        event.referrer = cut(document.referrer) || undefined;
        event.viewport = { width: innerWidth, height: innerHeight };
        // Where localStorage works, so does sessionStorage (the same origin rules).
        if (local) {
          const now = Date.now();
          const [last, at] = `${sessionStorage.getItem('analytics-tracker-session')}`.split(' ');
          event.sessionId = last && now - (at as unknown as number) < 1_800_000 ? last : event.eventId;
          sessionStorage.setItem('analytics-tracker-session', `${event.sessionId} ${now}`);
        }
      }
      const edited = beforeSend(event);
      code = 'dropped';
      if (!edited) throw code;
      event = edited;
      code = 'rejected';
      // A copy (later changes by the app do not reach the queue) and the proof that the event is JSON:
      // a bigint or a circular value is refused here, alone, instead of breaking its batch later.
      const copy = JSON.parse(JSON.stringify(event));
      update(() => {
        // The open batch is sealed before it would pass batchSize events or 60,000 bytes of UTF-8 JSON:
        // browsers allow 64 KiB of keepalive request bodies in flight per page.
        if (queue.o.length >= batchSize || new Blob([JSON.stringify([...queue.o, copy])]).size > 60_000)
          seal();
        queue.o.push(copy);
      });
      if (queue.o.length >= batchSize) flush();
      else if (!timer) later(flushInterval);
      return OK;
    } catch {
      return lose(code, [event]);
    }
  };

  const pageView = (page?: string) => enqueue('page_view', undefined, page);

  try {
    if (BROWSER) {
      const on = (type: string, listener: (event: Event) => unknown) =>
        addEventListener(type, listener, { signal });
      // visibilitychange bubbles from the document to the window. Every supported browser (Chrome 91,
      // Firefox 90, Safari 15 and later; Safari since 14.1) fires it, hidden, while a page is closed or left,
      // as well as `pagehide`: it is the one close hook, so each batch is sent once.
      on('visibilitychange', () => document.hidden && unload());
      on('online', flush);
      if (options.autoPageViews !== false) {
        pageView();
        // A page restored from the back/forward cache is a visit the browser does not load again.
        on('pageshow', (event) => (event as PageTransitionEvent).persisted && pageView());
        options.navigation?.(pageView, hashRouting, signal);
      }
      // Once the tab holds its own lock, it asks for the lock of every other key of this bucket in
      // storage (and of the shared key of earlier versions). Such a lock is free only once the tab that
      // held it is gone (closed, reloaded, crashed, destroyed): whoever gets it first takes that queue
      // over, removes the key and keeps the lock as long as it lives, so a tab that still sees the removed
      // key (storage reaches other tabs late) cannot take it over again. The tab's own key is not stored yet then.
      locks?.request(key, () => {
        owned = local;
        for (const name in local) {
          if (`${name}:`.startsWith(prefix)) {
            locks.request(name, () => {
              if (!signal.aborted) {
                update(() => {
                  try {
                    // Its sealed batches unchanged, then its open batch sealed, ahead of this tab's.
                    const taken = parse(local?.getItem(name));
                    queue.s = [...taken.s, taken.o, ...queue.s].filter((batch) => batch[0]);
                  } catch {
                    // A corrupted queue: nothing to take over (its key goes all the same).
                  }
                  (local as Storage).removeItem(name);
                });
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
    // A tracker that cannot hook into the page still queues and sends what it is given.
  }

  return {
    track: enqueue,
    pageView,
    identify: async (id) => {
      userId = id;
      return OK;
    },
    flush,
    stats: () => ({ queued: [queue.o, ...queue.s].flat().length, ...counts }),
    destroy: () =>
      flush().then((result) => {
        stop.abort();
        release();
        clearTimeout(timer);
        if (!BROWSER) globalThis.process?.off('beforeExit', flush);
        delete live[bucket];
        return result;
      }),
  };
}
