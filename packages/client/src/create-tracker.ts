import type { JsonObject } from '@analytics-tracker/schema';
import { retryDelay } from './backoff.js';
import { eventId } from './event-id.js';
import { currentPage, watchNavigation } from './page-views.js';
import { isIgnored } from './privacy.js';
import { createQueue } from './queue.js';
import { sessionId } from './session.js';
import { TrackerError, type TrackerErrorCode } from './tracker-error.js';
import type { AnyEvents, EventMap, Result, Tracker, TrackerEvent, TrackerOptions } from './types.js';

const OK: Result = { ok: true };
const fail = (code: TrackerErrorCode, status?: number): Result => ({
  ok: false,
  error: new TrackerError(code, status),
});

/**
 * Creates a tracker for one app. In a browser it also sends page views (on load and on single-page-app
 * navigations), keeps unsent events in localStorage across reloads and offline periods, and sends what
 * is left when the page is hidden or closed. In Node it sends over the global `fetch` and flushes once
 * before the process exits. Never throws: every method resolves to `{ ok: true } | { ok: false, error }`.
 *
 * @example
 * type Events = { signup: { plan: 'free' | 'pro' }; logout: undefined };
 * const tracker = createTracker<Events>({ endpoint: 'https://abc.lambda-url.eu-west-1.on.aws', bucket: 'app1-analytics-prod' });
 * tracker.track('signup', { plan: 'pro' });
 */
export function createTracker<Events extends EventMap<Events> = AnyEvents>(
  options: TrackerOptions,
): Tracker<Events> {
  const { endpoint, bucket, beforeSend, hashRouting, batchSize = 25, flushInterval = 2000 } = options;
  const browser = typeof window === 'object';
  // Storage can throw on access (sandboxed iframes, some privacy modes), and does not exist in Node:
  // then the tracker runs from memory.
  let local: Storage | undefined;
  let visit: Storage | undefined;
  try {
    local = window.localStorage;
    visit = window.sessionStorage;
  } catch {}
  const url = `${endpoint.replace(/\/$/, '')}/track`;
  const base = `analytics-tracker-queue:${bucket}`;
  const prefix = `${base}:`;
  // With Web Locks each tab owns a queue of its own, `<base>:<random id>`, and holds the Web Lock of that
  // name for its lifetime: it is the only writer of its key, so tabs never overwrite each other's events
  // or send each other's batches. Without them (old browsers, plain-http pages) the tabs share `<base>`.
  const locks = local && navigator.locks;
  const key = locks ? prefix + eventId() : base;
  // Nothing is written before the tab holds its lock: another tab would take a key whose owner does not
  // hold its lock yet for a closed tab's.
  let owned = locks ? undefined : local;
  // Browsers allow 64 KiB of keepalive request bodies in flight per page: batches stay below 60,000
  // bytes, with room to spare.
  const queue = createQueue(key, options.maxQueue ?? 1000, batchSize, 60_000, () => owned);
  const send = options.fetch ?? fetch;
  let userId: string | null | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let chain = Promise.resolve(OK);

  const later = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
    // In Node a pending batch must not keep the process alive; it is flushed before exit instead.
    timer.unref?.();
  };

  const post = (batch: TrackerEvent[], keepalive: boolean): Promise<Response | undefined> =>
    send(url, { method: 'POST', body: JSON.stringify({ bucket, events: batch }), keepalive }).catch(
      () => undefined,
    );

  const retryable = (response: Response | undefined) =>
    !response || response.status === 429 || response.status >= 500;

  const drain = async (): Promise<Result> => {
    clearTimeout(timer);
    timer = undefined;
    let result = OK;
    // In order, one at a time, from the list as sealed now: with Web Locks this tab is the only one to
    // send it. Batches taken over meanwhile come with a flush of their own.
    for (const batch of queue.seal().s) {
      const response = await post(batch, false);
      if (retryable(response)) {
        later(retryDelay(attempt++, response?.headers.get('retry-after')));
        return fail('retrying', response?.status);
      }
      attempt = 0;
      // A 4xx other than 429 will not get better by retrying: drop the batch, report it.
      if (!response?.ok) result = fail('rejected', response?.status);
      queue.ack(batch);
    }
    return result;
  };

  const flush = (): Promise<Result> => {
    chain = chain.then(drain).catch(() => fail('failed'));
    return chain;
  };

  // The page may be gone before any promise settles: start every request now, with keepalive. Batches
  // are sealed under the 64 KiB keepalive limit; past the browser's total keepalive quota a request
  // fails at once and its batch stays queued for the next visit. A batch resent later is the same
  // object on the server, so nothing is counted twice.
  const unload = () => {
    for (const batch of queue.seal().s) {
      post(batch, true).then((response) => retryable(response) || queue.ack(batch));
    }
  };

  const enqueue = async (eventType: string, props?: object, page?: string): Promise<Result> => {
    try {
      if (browser && isIgnored(local, options)) return fail('ignored');
      let event: TrackerEvent | null | undefined | false = {
        eventType,
        timestamp: new Date().toISOString(),
        eventId: eventId(),
        page,
        userId,
        metadata: props as JsonObject | undefined,
        ...(browser && {
          page: page ?? currentPage(hashRouting),
          referrer: document.referrer || undefined,
          viewport: { width: innerWidth, height: innerHeight },
          sessionId: visit && sessionId(visit),
        }),
      };
      event = beforeSend ? beforeSend(event) : event;
      if (!event) return fail('dropped');
      if (queue.add(event) >= batchSize) flush();
      else if (!timer) later(flushInterval);
      return OK;
    } catch {
      return fail('failed');
    }
  };

  try {
    if (browser) {
      addEventListener('pagehide', unload);
      // visibilitychange bubbles from the document to the window.
      addEventListener('visibilitychange', () => document.hidden && unload());
      addEventListener('online', flush);
      if (options.autoPageViews !== false) watchNavigation(() => enqueue('page_view'), hashRouting);
    } else {
      globalThis.process?.once('beforeExit', flush);
    }
    if (locks) {
      // Once the tab holds its own lock, it asks for the lock of every other key of this bucket in
      // storage (and of the shared key of earlier versions). Such a lock is free only once the tab that
      // held it is gone (closed, reloaded, crashed): whoever gets it first takes that queue over, removes
      // the key and keeps the lock as long as it lives, so a tab that still sees the removed key (storage
      // reaches other tabs late) cannot take it over again. The tab's own key is not stored yet then.
      const adopt = (name: string) =>
        `${name}:`.startsWith(prefix) &&
        locks.request(name, () => {
          // Read as a queue of its own: a missing (already taken over) or corrupted one is empty.
          queue.merge(createQueue(name, 0, 0, 0, () => owned).read());
          (local as Storage).removeItem(name);
          flush();
          return new Promise(() => {});
        });
      locks.request(key, () => {
        owned = local;
        for (const name in local) adopt(name);
        return new Promise(() => {});
      });
    }
  } catch {
    // A tracker that cannot hook into the page still queues and sends what it is given.
  }

  return {
    track: enqueue,
    pageView: (page?: string) => enqueue('page_view', undefined, page),
    identify: async (id) => {
      userId = id;
      return OK;
    },
    flush,
    stats: () => {
      const state = queue.read();
      return { queued: state.s.flat().length + state.o.length, dropped: state.d };
    },
  };
}
