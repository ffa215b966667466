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

/** Browsers allow 64 KiB of keepalive request bodies in flight per page; batches stay below with room to spare. */
const KEEPALIVE_BYTES = 60_000;

/**
 * Storage can throw on access (sandboxed iframes, some privacy modes), and does not exist in Node:
 * then the tracker runs from memory.
 */
function storage(name: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    return window[name];
  } catch {
    return undefined;
  }
}

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
  const local = storage('localStorage');
  const visit = storage('sessionStorage');
  const url = `${endpoint.replace(/\/$/, '')}/track`;
  // One key names both the stored queue and the Web Lock that guards sending it.
  const key = `analytics-tracker-queue:${bucket}`;
  const queue = createQueue(key, options.maxQueue ?? 1000, batchSize, KEEPALIVE_BYTES, local);
  const send = options.fetch ?? fetch;
  // Web Locks make one tab at a time send the shared queue, so tabs never send the same batch twice.
  const locks = browser && navigator.locks;
  let userId: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let chain = Promise.resolve(OK);

  const later = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
    // In Node a pending batch must not keep the process alive; it is flushed before exit instead.
    Object(timer).unref?.();
  };

  const post = (batch: TrackerEvent[], keepalive: boolean): Promise<Response | undefined> =>
    send(url, { method: 'POST', body: JSON.stringify({ bucket, events: batch }), keepalive }).catch(
      () => undefined,
    );

  const retryable = (response: Response | undefined) =>
    !response || response.status === 429 || response.status >= 500;

  const drain = async (): Promise<Result> => {
    queue.seal();
    let result = OK;
    let batch = queue.read().s[0];
    while (batch) {
      const response = await post(batch, false);
      if (retryable(response)) {
        later(retryDelay(attempt++, response?.headers.get('retry-after') ?? null));
        return fail('retrying', response?.status);
      }
      attempt = 0;
      queue.ack(batch);
      // A 4xx other than 429 will not get better by retrying: drop the batch, report it.
      if (!response?.ok) result = fail('rejected', response?.status);
      batch = queue.read().s[0];
    }
    return result;
  };

  const flush = (): Promise<Result> => {
    chain = chain
      .then(() => {
        clearTimeout(timer);
        timer = undefined;
        return locks ? locks.request(key, drain) : drain();
      })
      .catch(() => fail('failed'));
    return chain;
  };

  // The page may be gone before any promise settles: start every request now, with keepalive. Batches
  // are sealed under the 64 KiB keepalive limit; past the browser's total keepalive quota a request
  // fails at once and its batch stays queued for the next visit. A batch resent later is the same
  // object on the server, so nothing is counted twice.
  const unload = () => {
    queue.seal();
    for (const batch of queue.read().s) {
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
      };
      if (browser) {
        Object.assign(event, {
          page: page ?? currentPage(hashRouting),
          referrer: document.referrer || undefined,
          viewport: { width: innerWidth, height: innerHeight },
          sessionId: visit && sessionId(visit),
        });
      }
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
      document.addEventListener('visibilitychange', () => document.hidden && unload());
      addEventListener('online', flush);
      if (options.autoPageViews !== false) watchNavigation(() => enqueue('page_view'), hashRouting);
    } else {
      globalThis.process?.once('beforeExit', flush);
    }
    // Events left by an earlier visit (closed tab, offline) go out now.
    if (queue.read().s.length) flush();
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
      const { o, s, d } = queue.read();
      return { queued: s.flat().length + o.length, dropped: d };
    },
  };
}
