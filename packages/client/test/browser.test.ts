import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS } from '@analytics-tracker/schema';
import { CHROMIUM_ARGS, findChromium } from '@analytics-tracker/testkit';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result, Tracker, TrackerStats } from '../src/index.js';
import { expectAccounted, startRecordingProxy } from './accounting.js';
import { eventually, startTestTracker, type TestTracker } from './offline-helpers.js';
import { modulePage, type PageServer, startPageServer } from './page-server.js';

const chromiumPath = findChromium();
const suiteName = chromiumPath
  ? 'in headless Chromium, against the offline tracker'
  : 'in headless Chromium (skipped: chromium not installed; run apt-get install -y chromium)';

type TrackerWindow = { tracker?: Tracker; analyticsTracker?: Tracker };

const BUCKETS = {
  load: 'web-load-analytics',
  spa: 'web-spa-analytics',
  plain: 'web-plain-analytics',
  hash: 'web-hash-analytics',
  unload: 'web-unload-analytics',
  offline: 'web-offline-analytics',
  reload: 'web-reload-analytics',
  optOut: 'web-optout-analytics',
  localhost: 'web-localhost-analytics',
  gpc: 'web-gpc-analytics',
  tabs: 'web-tabs-analytics',
  closed: 'web-closed-analytics',
  reloaded: 'web-reloaded-analytics',
  script: 'web-script-analytics',
  long: 'web-long-url-analytics',
  full: 'web-full-storage-analytics',
  corrupt: 'web-corrupt-queue-analytics',
  twice: 'web-twice-analytics',
  destroy: 'web-destroy-analytics',
  bfcache: 'web-bfcache-analytics',
  close: 'web-close-analytics',
  stub: 'web-stub-analytics',
  modules: 'web-modules-analytics',
  nostorage: 'web-no-storage-analytics',
  session: 'web-session-analytics',
  scriptDnt: 'web-script-dnt-analytics',
  reloadOnce: 'web-reload-once-analytics',
};

describe.skipIf(!chromiumPath)(suiteName, () => {
  let tracker: TestTracker;
  let pages: PageServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [tracker, pages, browser] = await Promise.all([
      startTestTracker(Object.values(BUCKETS)),
      startPageServer(),
      chromium.launch({
        executablePath: chromiumPath ?? 'chromium',
        // Playwright turns the back/forward cache off by default; the bfcache test needs it as users have it.
        ignoreDefaultArgs: ['--disable-back-forward-cache'],
        args: [...CHROMIUM_ARGS],
      }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await pages?.stop();
    await tracker?.stop();
  });

  const options = (bucket: string, extra: Record<string, unknown> = {}) => ({
    endpoint: tracker.server.url,
    bucket,
    allowLocalhost: true,
    flushInterval: 200,
    ...extra,
  });
  /** Opens a page (a fresh browser profile per test unless one is given) and waits for its tracker. */
  const open = async (url: string, inContext?: BrowserContext): Promise<Page> => {
    context = inContext ?? (await browser.newContext());
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => {
      const w = window as TrackerWindow;
      return w.tracker ?? w.analyticsTracker;
    });
    return page;
  };
  const call = (page: Page, script: string): Promise<Result> =>
    // Errors lose their own properties crossing into Node; JSON keeps `code` and `status`.
    page.evaluate(
      `(async () => { const tracker = window.tracker ?? window.analyticsTracker; ${script} })().then((r) => JSON.parse(JSON.stringify(r)))`,
    );
  const statsOf = (page: Page) => call(page, 'return tracker.stats();') as unknown as Promise<TrackerStats>;
  // The server stores a batch before it answers, and the page counts it delivered when the answer
  // arrives: the rows can be there a moment before the page's stats say so.
  const accountedFor = (page: Page, tracked: number, stored: number) =>
    eventually(async () => expectAccounted(await statsOf(page), tracked, stored));
  const rowsOf = async (bucket: string, count: number) =>
    eventually(async () => {
      const rows = await tracker.rows(bucket);
      expect(rows).toHaveLength(count);
      return rows;
    });

  it('sends a page view on load, with path and query and session, cross-origin; the viewport once beforeSend adds it (README recipe)', async () => {
    const html = `<!doctype html><html><body><script type="module">
import { createTracker } from '/client.js';
window.tracker = createTracker({
  ...${JSON.stringify(options(BUCKETS.load))},
  beforeSend: (event) => ({ ...event, viewport: { width: innerWidth, height: innerHeight } }),
});
</script></body></html>`;
    const page = await open(`${pages.page('load', html)}home?utm_source=newsletter`);
    const [row] = await rowsOf(BUCKETS.load, 1);
    expect(row).toMatchObject({
      eventType: 'page_view',
      page: '/load/home?utm_source=newsletter',
      utm: { source: 'newsletter' },
      viewport: { width: 1280, height: 720 },
      device: { browser: expect.stringContaining('Chrome') },
    });
    expect(row?.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.evaluate(() => sessionStorage.getItem('analytics-tracker-session'))).toContain(
      row?.sessionId,
    );
    await context.close();
  });

  it('counts single-page-app navigations with spaNavigation: pushState, back (popstate), not a same-page replaceState', async () => {
    const page = await open(`${pages.page('spa', modulePage(options(BUCKETS.spa), true))}a`);
    await page.evaluate(() => history.pushState({}, '', '/spa/b?tab=2'));
    await page.evaluate(() => history.replaceState({ scrolled: true }, '', '/spa/b?tab=2'));
    await page.evaluate(() => history.replaceState({}, '', '/spa/c'));
    await page.goBack();
    const rows = await rowsOf(BUCKETS.spa, 4);
    expect(
      rows
        .map((row) => [row.timestamp, row.page])
        .sort()
        .map(([, path]) => path),
    ).toEqual(['/spa/a', '/spa/b?tab=2', '/spa/c', '/spa/a']);
    expect(new Set(rows.map((row) => row.sessionId)).size).toBe(1);
    // The viewport is opt-in (through beforeSend): not sent by default, stored as nulls.
    expect(rows.map((row) => row.viewport)).toEqual(Array(4).fill({ width: null, height: null }));
    await context.close();
  });

  it('sends page views on load only on a plain page (no navigation module), even when a script calls pushState', async () => {
    const page = await open(`${pages.page('plain', modulePage(options(BUCKETS.plain)))}a`);
    await page.evaluate(() => history.pushState({}, '', '/plain/b'));
    expect(await call(page, "return tracker.track('after_push');")).toEqual({ ok: true });
    expect(await call(page, 'return tracker.flush();')).toEqual({ ok: true });
    const rows = await rowsOf(BUCKETS.plain, 2);
    expect(rows.map((row) => [row.eventType, row.page]).sort()).toEqual([
      ['after_push', '/plain/b'],
      ['page_view', '/plain/a'],
    ]);
    await accountedFor(page, 2, rows.length);
    await context.close();
  });

  it('counts hash routes when hashRouting is on', async () => {
    const page = await open(
      pages.page('hash', modulePage(options(BUCKETS.hash, { hashRouting: true }), true)),
    );
    await page.evaluate(() => {
      location.hash = '#/settings';
    });
    const rows = await rowsOf(BUCKETS.hash, 2);
    expect(rows.map((row) => row.page).sort()).toEqual(['/hash/', '/hash/#/settings']);
    await context.close();
  });

  it('delivers events tracked just before navigating away (pagehide, keepalive)', async () => {
    // A long flush interval: only the unload path can deliver these in time.
    const page = await open(
      pages.page('unload', modulePage(options(BUCKETS.unload, { flushInterval: 600_000 }))),
    );
    await call(page, "tracker.track('add_to_cart', { sku: 'A1' }); return tracker.track('checkout');");
    await page.goto('about:blank');
    const rows = await rowsOf(BUCKETS.unload, 3);
    expect(rows.map((row) => row.eventType).sort()).toEqual(['add_to_cart', 'checkout', 'page_view']);
    await context.close();
  });

  it('queues events while offline and delivers each exactly once when back online', async () => {
    const page = await open(pages.page('offline', modulePage(options(BUCKETS.offline, { batchSize: 4 }))));
    await rowsOf(BUCKETS.offline, 1);
    await context.setOffline(true);
    for (let n = 0; n < 10; n++) await call(page, `return tracker.track('offline_click', { n: ${n} });`);
    const offlineFlush = await call(page, 'return tracker.flush();');
    expect(offlineFlush).toMatchObject({ ok: false, error: { code: 'retrying' } });
    expect(await call(page, 'return tracker.stats();')).toMatchObject({ queued: 10, dropped: 0 });

    await context.setOffline(false);
    const rows = await rowsOf(BUCKETS.offline, 11);
    const clicks = rows.filter((row) => row.eventType === 'offline_click');
    expect(clicks.map((row) => JSON.parse(row.metadata ?? '{}').n).sort((a, b) => a - b)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(new Set(rows.map((row) => row.eventId)).size).toBe(11);
    // Nothing is sent twice later either.
    expect(await call(page, 'return tracker.flush();')).toEqual({ ok: true });
    expect(await tracker.rows(BUCKETS.offline)).toHaveLength(11);
    await accountedFor(page, 11, 11);
    await context.close();
  });

  it('keeps events queued offline across a closed tab and sends them on the next visit, once', async () => {
    const url = pages.page('reload', modulePage(options(BUCKETS.reload)));
    const first = await open(url);
    await rowsOf(BUCKETS.reload, 1);
    await context.setOffline(true);
    for (let n = 0; n < 5; n++) await call(first, `return tracker.track('queued', { n: ${n} });`);
    await call(first, 'return tracker.flush();');
    await first.close();
    await context.setOffline(false);

    await open(url, context);
    const rows = await rowsOf(BUCKETS.reload, 7);
    expect(rows.filter((row) => row.eventType === 'queued')).toHaveLength(5);
    expect(rows.filter((row) => row.eventType === 'page_view')).toHaveLength(2);
    expect(new Set(rows.map((row) => row.eventId)).size).toBe(7);
    await context.close();
  });

  /** The events of every tracker request the context makes from now on, one list per request. */
  const recordPosts = (inContext: BrowserContext): string[][] => {
    const posts: string[][] = [];
    inContext.on('request', (request) => {
      if (request.method() === 'POST' && request.url().startsWith(tracker.server.url)) {
        const body = JSON.parse(request.postData() ?? '{}') as { events?: { eventId: string }[] };
        posts.push((body.events ?? []).map((event) => event.eventId));
      }
    });
    return posts;
  };
  /** Every event id stored once, and each sent in exactly one request. */
  const expectSentOnce = (posts: string[][], rows: { eventId: string }[]) => {
    const stored = rows.map((row) => row.eventId).sort();
    expect(new Set(stored).size).toBe(stored.length);
    expect(posts.flat().sort()).toEqual(stored);
  };

  it('stores every event of two tabs exactly once, each sent in one request, however fast they alternate', async () => {
    const url = pages.page('tabs', modulePage(options(BUCKETS.tabs, { flushInterval: 600_000 })));
    const tabA = await open(url);
    const tabB = await open(url, context);
    const posts = recordPosts(context);
    // No pause between the tabs: one after the other as fast as the browser goes, then all at once.
    for (let n = 0; n < 10; n++) {
      await call(n % 2 ? tabA : tabB, `return tracker.track('tab_click', { n: ${n} });`);
    }
    const tracked = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        call(n % 2 ? tabA : tabB, `return tracker.track('tab_click', { n: ${10 + n} });`),
      ),
    );
    expect(tracked.every((result) => result.ok)).toBe(true);
    const results = await Promise.all([
      call(tabA, 'return tracker.flush();'),
      call(tabB, 'return tracker.flush();'),
    ]);
    expect(results).toEqual([{ ok: true }, { ok: true }]);
    // Two page views and twenty clicks.
    const rows = await rowsOf(BUCKETS.tabs, 22);
    expect(
      rows
        .filter((row) => row.eventType === 'tab_click')
        .map((row) => JSON.parse(row.metadata ?? '{}').n)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 20 }, (_, n) => n));
    // Flushing again sends nothing: neither tab sends what the other one sent.
    expect(
      await Promise.all([call(tabA, 'return tracker.flush();'), call(tabB, 'return tracker.flush();')]),
    ).toEqual([{ ok: true }, { ok: true }]);
    expectSentOnce(posts, rows);
    await context.close();
  });

  it('stores each event once when the page reloads right after tracking (the next page resends the closing batch as the same object)', async () => {
    const page = await open(pages.page('reload-once', modulePage(options(BUCKETS.reloadOnce))));
    await rowsOf(BUCKETS.reloadOnce, 1);
    // Tracked, and the page left before the batch's answer comes back: the closing page sends the
    // batch, the next page takes its queue over and sends the same events again.
    await call(page, "['a', 'b', 'c'].map((name) => tracker.track(name)); return { ok: true };");
    await page.reload();
    await page.waitForFunction(() => (window as TrackerWindow).tracker);
    expect(await call(page, 'return tracker.flush();')).toEqual({ ok: true });
    // Two page views and three events; a second copy of the closing batch would make 8 rows.
    await rowsOf(BUCKETS.reloadOnce, 5);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const rows = await tracker.rows(BUCKETS.reloadOnce);
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((row) => row.eventId)).size).toBe(5);
    await context.close();
  });

  it("sends a closed tab's queued events exactly once, from one of the tabs that come next", async () => {
    const url = pages.page('closed', modulePage(options(BUCKETS.closed, { flushInterval: 600_000 })));
    const closing = await open(url);
    await context.setOffline(true);
    for (let n = 0; n < 3; n++) await call(closing, `return tracker.track('left_behind', { n: ${n} });`);
    // Sealed batches (a failed flush) and open events both.
    expect(await call(closing, 'return tracker.flush();')).toMatchObject({ ok: false });
    for (let n = 3; n < 5; n++) await call(closing, `return tracker.track('left_behind', { n: ${n} });`);
    await closing.close();
    await context.setOffline(false);

    const posts = recordPosts(context);
    // Two tabs open at once and race for the closed tab's queue: only one of them takes it over.
    const [next, other] = await Promise.all([open(url, context), open(url, context)]);
    // The closed tab's page view and five clicks.
    await eventually(async () => {
      const rows = await tracker.rows(BUCKETS.closed);
      expect(rows.filter((row) => row.eventType === 'left_behind')).toHaveLength(5);
    });
    expect(
      await Promise.all([call(next, 'return tracker.flush();'), call(other, 'return tracker.flush();')]),
    ).toEqual([{ ok: true }, { ok: true }]);
    const rows = await rowsOf(BUCKETS.closed, 8);
    expect(rows.filter((row) => row.eventType === 'page_view')).toHaveLength(3);
    // A later visit finds nothing left to send.
    await next.close();
    await other.close();
    const last = await open(url, context);
    expect(await call(last, 'return tracker.flush();')).toEqual({ ok: true });
    expect(await tracker.rows(BUCKETS.closed)).toHaveLength(9);
    expectSentOnce(posts, await tracker.rows(BUCKETS.closed));
    await context.close();
  });

  it('keeps events the endpoint could not take across a reload of the same tab, and sends them once', async () => {
    const url = pages.page('reloaded', modulePage(options(BUCKETS.reloaded, { flushInterval: 600_000 })));
    const page = await open(url);
    // The tracker answers 503 (storage down), so nothing is acknowledged; the page itself still loads.
    tracker.storageDown = true;
    try {
      for (let n = 0; n < 4; n++) await call(page, `return tracker.track('before_reload', { n: ${n} });`);
      expect(await call(page, 'return tracker.flush();')).toMatchObject({ ok: false });
      await page.evaluate('window.tracker = undefined');
      await page.reload();
      await page.waitForFunction(() => (window as TrackerWindow).tracker);
      // The reloaded page takes over the queue of the page it replaced: its page view, four events, and
      // the new page view.
      await eventually(async () => {
        expect(await call(page, 'return tracker.stats();')).toMatchObject({ queued: 6, dropped: 0 });
      });
    } finally {
      tracker.storageDown = false;
    }
    const posts = recordPosts(context);
    expect(await call(page, 'return tracker.flush();')).toEqual({ ok: true });
    const rows = await rowsOf(BUCKETS.reloaded, 6);
    expect(rows.filter((row) => row.eventType === 'page_view')).toHaveLength(2);
    expectSentOnce(posts, rows);
    await context.close();
  });

  it('sends nothing for a visitor who opted out', async () => {
    context = await browser.newContext();
    await context.addInitScript(() => localStorage.setItem('analytics-tracker-ignore', 'true'));
    const requests: string[] = [];
    context.on('request', (request) => {
      if (request.url().startsWith(tracker.server.url)) requests.push(request.url());
    });
    const page = await open(pages.page('optout', modulePage(options(BUCKETS.optOut), true)), context);
    expect(await call(page, "return tracker.track('signup');")).toMatchObject({
      ok: false,
      error: { code: 'ignored' },
    });
    await page.evaluate(() => history.pushState({}, '', '/optout/next'));
    await page.goto('about:blank');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(requests).toEqual([]);
    expect(await tracker.rows(BUCKETS.optOut)).toEqual([]);
    await context.close();
  });

  it('respects Global Privacy Control and Do-Not-Track with the doNotTrack module', async () => {
    context = await browser.newContext();
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });
    });
    const url = pages.page('gpc', modulePage(options(BUCKETS.gpc), false, true));
    const page = await open(url, context);
    expect(await call(page, "return tracker.track('signup');")).toMatchObject({
      ok: false,
      error: { code: 'ignored' },
    });
    // Without the doNotTrack module the same browser is tracked.
    await page.evaluate(`window.tracker = undefined`);
    pages.page('gpc', modulePage(options(BUCKETS.gpc)));
    await page.reload();
    await page.waitForFunction(() => (window as TrackerWindow).tracker);
    expect(await call(page, "return tracker.track('signup');")).toEqual({ ok: true });
    const rows = await rowsOf(BUCKETS.gpc, 2);
    expect(rows.map((row) => row.eventType).sort()).toEqual(['page_view', 'signup']);
    await context.close();
  });

  it('respects Global Privacy Control on a script tag with data-respect-dnt', async () => {
    context = await browser.newContext();
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });
    });
    const requests: string[] = [];
    context.on('request', (request) => {
      if (request.url().startsWith(tracker.server.url)) requests.push(request.url());
    });
    const html = `<!doctype html><html><body>
<script defer src="/tracker.global.js" data-endpoint="${tracker.server.url}" data-bucket="${BUCKETS.scriptDnt}"
  data-allow-localhost data-respect-dnt></script></body></html>`;
    const page = await open(pages.page('script-dnt', html), context);
    expect(await call(page, "return tracker.track('signup');")).toMatchObject({
      ok: false,
      error: { code: 'ignored' },
    });
    expect(await call(page, 'return tracker.flush();')).toEqual({ ok: true });
    // The page view on load and the event: both ignored, nothing sent.
    expect(await statsOf(page)).toMatchObject({ ignored: 2, queued: 0, delivered: 0 });
    expect(requests).toEqual([]);
    await context.close();
  });

  it('keeps one session while the visitor is active, and starts another after 30 minutes without events', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install();
    // Nothing is sent before the flush below: no timer of the tracker is due while the clock jumps.
    const day = 86_400_000;
    await page.goto(
      pages.page('session', modulePage(options(BUCKETS.session, { flushInterval: day, timeout: day }))),
    );
    await page.waitForFunction(() => (window as TrackerWindow).tracker);
    // Minutes since the event before: 20 and 29 (under 30, the same session), then 30 (a new one).
    for (const [minutes, type] of [
      ['20:00', 'after_20'],
      ['29:00', 'after_29'],
      ['30:00', 'after_30'],
    ]) {
      await page.clock.fastForward(minutes as string);
      expect(await call(page, `return tracker.track('${type}');`)).toEqual({ ok: true });
    }
    expect(await call(page, 'return tracker.flush();')).toEqual({ ok: true });
    const rows = await rowsOf(BUCKETS.session, 4);
    const session = Object.fromEntries(rows.map((row) => [row.eventType, row.sessionId]));
    expect(session.after_20).toBe(session.page_view);
    expect(session.after_29).toBe(session.page_view);
    expect(session.after_30).not.toBe(session.page_view);
    expect(session.after_30).toMatch(/^[0-9a-f-]{36}$/);
    await context.close();
  });

  it('ignores localhost pages unless allowLocalhost is set', async () => {
    const page = await open(
      pages.page('localhost', modulePage({ ...options(BUCKETS.localhost), allowLocalhost: false })),
    );
    expect(await call(page, "return tracker.track('dev_click');")).toMatchObject({
      ok: false,
      error: { code: 'ignored' },
    });
    expect(await call(page, 'return tracker.flush();')).toEqual({ ok: true });
    expect(await tracker.rows(BUCKETS.localhost)).toEqual([]);
    await context.close();
  });

  it('works as a script tag configured by data attributes (the single-page-app variant, hash routes)', async () => {
    const html = `<!doctype html><html><body>
<script defer src="/tracker.spa.global.js" data-endpoint="${tracker.server.url}" data-bucket="${BUCKETS.script}"
  data-allow-localhost data-hash-routing></script></body></html>`;
    const page = await open(`${pages.page('script', html)}landing?utm_campaign=launch`);
    expect(await call(page, "return tracker.track('cta_click', { position: 'hero' });")).toEqual({
      ok: true,
    });
    await page.evaluate(() => {
      location.hash = '#/pricing';
    });
    expect(await call(page, 'return tracker.flush();')).toEqual({ ok: true });
    const rows = await rowsOf(BUCKETS.script, 3);
    expect(rows.map((row) => [row.eventType, row.page]).sort()).toEqual([
      ['cta_click', '/script/landing?utm_campaign=launch'],
      ['page_view', '/script/landing?utm_campaign=launch'],
      ['page_view', '/script/landing?utm_campaign=launch#/pricing'],
    ]);
    expect(rows.find((row) => row.eventType === 'cta_click')?.metadata).toBe('{"position":"hero"}');
    await context.close();
  });
  it('1. cuts page and referrer to the endpoint limit: a 2,100-character utm_campaign loses nothing', async () => {
    const longQuery = (name: string) => `?utm_source=mail&utm_campaign=${name.repeat(2100)}`;
    const from = `${pages.page('longfrom', `<!doctype html><a id="go" href="/long/landing${longQuery('t')}">go</a>`)}${longQuery('f')}`;
    pages.page('long', modulePage(options(BUCKETS.long)));
    context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(from);
    await page.click('#go');
    await page.waitForFunction(() => (window as TrackerWindow).tracker);
    for (let n = 0; n < 3; n++) await call(page, `return tracker.track('step', { n: ${n} });`);
    expect(await call(page, 'return tracker.flush();')).toEqual({ ok: true });

    const rows = await rowsOf(BUCKETS.long, 4);
    const view = rows.find((row) => row.eventType === 'page_view');
    expect(view?.page).toBe(`/long/landing${longQuery('t')}`.slice(0, LIMITS.maxUrlLength));
    expect(view?.referrer).toBe(from.slice(0, LIMITS.maxUrlLength));
    await accountedFor(page, 4, rows.length);
    await context.close();
  });

  it('6. keeps memory as the truth when localStorage is full: every event is delivered', async () => {
    const page = await open(
      pages.page('full', modulePage(options(BUCKETS.full, { flushInterval: 600_000 }))),
    );
    // An event is queued and written to storage; then the origin's storage fills up.
    await call(page, "return tracker.track('before_full');");
    await eventually(async () => {
      const keys = await page.evaluate(() => Object.keys(localStorage));
      expect(keys.some((key) => key.startsWith('analytics-tracker-queue:'))).toBe(true);
    });
    await page.evaluate(() => {
      let n = 0;
      for (const size of [1 << 20, 1 << 16, 1 << 10, 64, 1]) {
        try {
          for (;;) localStorage.setItem(`filler-${n++}`, 'x'.repeat(size));
        } catch {
          // full at this size: try a smaller one
        }
      }
    });
    for (let n = 0; n < 25; n++) {
      expect(await call(page, `return tracker.track('while_full', { n: ${n} });`)).toEqual({ ok: true });
    }
    expect(await call(page, 'return tracker.flush();')).toEqual({ ok: true });
    const rows = await rowsOf(BUCKETS.full, 27);
    expect(rows.filter((row) => row.eventType === 'while_full')).toHaveLength(25);
    await accountedFor(page, 27, rows.length);
    await context.close();
  });

  it("8. survives corrupted queue entries under other tabs' keys: no error reaches the page", async () => {
    context = await browser.newContext();
    await context.addInitScript((bucket) => {
      // Init scripts also run in the first about:blank, which has no storage.
      if (!location.protocol.startsWith('http')) return;
      localStorage.setItem(`analytics-tracker-queue:${bucket}:another-tab`, '{"s":1}');
      localStorage.setItem(`analytics-tracker-queue:${bucket}`, '{"o":5,"s":[]}');
    }, BUCKETS.corrupt);
    const errors: string[] = [];
    context.on('weberror', (error) => errors.push(String(error.error())));
    const page = await open(pages.page('corrupt', modulePage(options(BUCKETS.corrupt))), context);
    for (let n = 0; n < 3; n++) await call(page, `return tracker.track('click', { n: ${n} });`);
    expect(await call(page, 'return tracker.flush();')).toEqual({ ok: true });
    const rows = await rowsOf(BUCKETS.corrupt, 4);
    expect(errors).toEqual([]);
    await accountedFor(page, 4, rows.length);
    await context.close();
  });

  it('9. keeps one tracker per bucket: a second createTracker (HMR, StrictMode, widgets) doubles nothing', async () => {
    const html = `<!doctype html><html><body><script type="module">
import { createTracker, spaNavigation } from '/client.js';
const options = { ...${JSON.stringify(options(BUCKETS.twice))}, navigation: spaNavigation };
window.first = createTracker(options);
window.tracker = createTracker(options);
window.same = window.first === window.tracker;
</script></body></html>`;
    const page = await open(pages.page('twice', html));
    expect(await page.evaluate('window.same')).toBe(true);
    await page.evaluate(() => history.pushState({}, '', '/twice/next'));
    expect(await call(page, 'return tracker.flush();')).toEqual({ ok: true });
    const rows = await rowsOf(BUCKETS.twice, 2);
    expect(rows.map((row) => row.page).sort()).toEqual(['/twice/', '/twice/next']);
    await accountedFor(page, 2, rows.length);
    await context.close();
  });

  it('9. destroy() flushes, unhooks history and listeners and frees the Web Lock; a new tracker takes over', async () => {
    const page = await open(
      pages.page('destroy', modulePage(options(BUCKETS.destroy, { flushInterval: 600_000 }), true)),
    );
    await call(page, "return tracker.track('before_destroy');");
    expect(await call(page, 'window.old = tracker; return tracker.destroy();')).toEqual({ ok: true });
    const held = () =>
      page.evaluate(async () => ((await navigator.locks.query()).held ?? []).map((lock) => lock.name ?? ''));
    expect(await held()).toEqual([]);
    await page.evaluate(() => history.pushState({}, '', '/destroy/after'));
    expect(await call(page, "return window.old.track('after_destroy');")).toMatchObject({
      ok: false,
      error: { code: 'ignored' },
    });
    await page.evaluate(`import('/client.js').then(({ createTracker, spaNavigation }) => {
      window.tracker = createTracker({ ...${JSON.stringify(options(BUCKETS.destroy, { flushInterval: 600_000 }))}, navigation: spaNavigation });
    })`);
    await page.waitForFunction(
      () => (window as { tracker?: unknown; old?: unknown }).tracker !== (window as { old?: unknown }).old,
    );
    await page.evaluate(() => history.pushState({}, '', '/destroy/again'));
    expect(await call(page, 'return tracker.flush();')).toEqual({ ok: true });
    // First tracker: page view and one event. Second: its page view on start and one navigation, once each.
    const rows = await rowsOf(BUCKETS.destroy, 4);
    expect(rows.map((row) => [row.eventType, row.page]).sort()).toEqual([
      ['before_destroy', '/destroy/'],
      ['page_view', '/destroy/'],
      ['page_view', '/destroy/after'],
      ['page_view', '/destroy/again'],
    ]);
    // The new tracker's own lock, and the destroyed one's, which it took over (and keeps, as for a closed tab).
    expect(await held()).toHaveLength(2);
    await context.close();
  });

  it('9. sends a page view when the page comes back from the back/forward cache', async () => {
    context = await browser.newContext();
    // Chromium keeps no page that holds a Web Lock in the back/forward cache; browsers without Web Locks
    // (Safari before 15.4, plain-http pages) do, and that is where this page view was missing.
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined });
      addEventListener('pageshow', (event) => {
        const restores = Number(sessionStorage.getItem('restores') ?? 0);
        if (event.persisted) sessionStorage.setItem('restores', String(restores + 1));
      });
    });
    const page = await open(pages.page('bfcache', modulePage(options(BUCKETS.bfcache))), context);
    await rowsOf(BUCKETS.bfcache, 1);
    await page.goto(pages.page('elsewhere', '<!doctype html><p>elsewhere</p>'));
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForFunction(() => sessionStorage.getItem('restores') === '1');
    const rows = await rowsOf(BUCKETS.bfcache, 2);
    expect(rows.map((row) => [row.eventType, row.page])).toEqual([
      ['page_view', '/bfcache/'],
      ['page_view', '/bfcache/'],
    ]);
    await accountedFor(page, 2, rows.length);
    await context.close();
  });

  it('9. sends each batch once when the page closes (visibilitychange, then pagehide)', async () => {
    // The browser's request events miss some keepalive requests of a closing page: count at a proxy.
    const proxy = await startRecordingProxy(tracker.server.url);
    const settings = {
      ...options(BUCKETS.close, { flushInterval: 600_000, batchSize: 3 }),
      endpoint: proxy.url,
    };
    const page = await open(pages.page('close', modulePage(settings)));
    for (let n = 0; n < 8; n++) await call(page, `return tracker.track('before_close', { n: ${n} });`);
    await page.goto('about:blank');
    const rows = await rowsOf(BUCKETS.close, 9);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expectSentOnce(proxy.posts, await tracker.rows(BUCKETS.close));
    expect(rows.filter((row) => row.eventType === 'before_close')).toHaveLength(8);
    await proxy.stop();
    await context.close();
  }, 60_000);

  it("10. replays calls made through the README's snippet before the script tag loaded", async () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const snippet = /<script>\n(window\.analyticsTracker \|\|=[^\n]*)\n<\/script>/.exec(readme)?.[1];
    expect(snippet).toBeDefined();
    const html = `<!doctype html><html><head>
<script>${snippet}
window.analyticsTracker.identify('early-user');
window.analyticsTracker.track('early_click', { position: 'hero' });</script>
<script defer src="/tracker.global.js" data-endpoint="${tracker.server.url}" data-bucket="${BUCKETS.stub}" data-allow-localhost></script>
</head><body></body></html>`;
    const page = await open(pages.page('stub', html));
    await page.waitForFunction(() => typeof (window as TrackerWindow).analyticsTracker?.flush === 'function');
    expect(await call(page, 'return tracker.flush();')).toEqual({ ok: true });
    const rows = await rowsOf(BUCKETS.stub, 2);
    expect(rows.map((row) => [row.eventType, row.userId]).sort()).toEqual([
      ['early_click', 'early-user'],
      ['page_view', null],
    ]);
    await accountedFor(page, 2, rows.length);
    await context.close();
  });
  it('works from memory when the page may not use storage (sandboxed frames, privacy modes)', async () => {
    context = await browser.newContext();
    await context.addInitScript(() => {
      for (const name of ['localStorage', 'sessionStorage']) {
        Object.defineProperty(window, name, {
          get: () => {
            throw new DOMException('The operation is insecure.', 'SecurityError');
          },
        });
      }
    });
    const page = await open(pages.page('nostorage', modulePage(options(BUCKETS.nostorage))), context);
    expect(await call(page, "return tracker.track('click');")).toEqual({ ok: true });
    expect(await call(page, 'return tracker.flush();')).toEqual({ ok: true });
    const rows = await rowsOf(BUCKETS.nostorage, 2);
    await accountedFor(page, 2, rows.length);
    await context.close();
  });

  it('tracks outbound links, downloads, form submissions, 404s and engagement with the opt-in modules', async () => {
    const outbound = `${pages.url.replace('127.0.0.1', 'localhost')}/elsewhere/`;
    pages.page('elsewhere', '<!doctype html><p>elsewhere</p>');
    const html = `<!doctype html><html><head><style>body { margin: 0 }</style></head><body>
<div style="height: 3600px">
<a id="pdf" href="/files/report.pdf" onclick="event.preventDefault()">report</a>
<form id="signup" action="/modules/thanks" onsubmit="event.preventDefault()">
  <input name="email" value="visitor@example.com"><button id="send">send</button>
</form>
<a id="out" href="${outbound}">elsewhere</a>
</div>
<script type="module">
import * as client from '/client.js';
window.tracker = client.createTracker(${JSON.stringify(options(BUCKETS.modules, { flushInterval: 600_000 }))});
client.trackOutboundLinks(tracker);
client.trackFileDownloads(tracker);
client.trackFormSubmissions(tracker);
client.trackEngagement(tracker);
window.notFound = () => client.trackNotFound(tracker);
</script></body></html>`;
    const page = await open(pages.page('modules', html));
    await page.click('#pdf');
    await page.click('#send');
    await page.evaluate('window.notFound()');
    // (1,080 + 720) / 3,600: half of the page has been seen.
    await page.evaluate(() => scrollTo(0, 1080));
    await page.waitForFunction(() => scrollY === 1080);
    await page.click('#out');
    await page.waitForURL(outbound);

    const rows = await rowsOf(BUCKETS.modules, 6);
    const byType = Object.fromEntries(rows.map((row) => [row.eventType, JSON.parse(row.metadata ?? 'null')]));
    expect(Object.keys(byType).sort()).toEqual([
      '404',
      'engagement',
      'file_download',
      'form_submit',
      'outbound_link',
      'page_view',
    ]);
    expect(byType.file_download).toEqual({ url: `${pages.url}/files/report.pdf` });
    expect(byType.form_submit).toEqual({ form: 'signup', action: '/modules/thanks' });
    expect(JSON.stringify(rows)).not.toContain('visitor@example.com');
    expect(byType['404']).toEqual({ page: '/modules/' });
    expect(byType.outbound_link).toEqual({ url: outbound });
    expect(byType.engagement).toMatchObject({ page: '/modules/', scrollDepth: 50 });
    expect(byType.engagement.engagedMs).toBeGreaterThan(0);
    await context.close();
  });
});
