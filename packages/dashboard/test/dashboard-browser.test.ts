import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS, findChromium } from '@analytics-tracker/testkit';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import { type DashboardQueries, type DashboardServer, localBackend, startDashboard } from '../src/index.js';
import { A, NOW, sendKnownEvents, startTestTracker, type TestTracker } from './known-events.js';
import { loadQueries, queryLayer } from './query-layer.js';

const chromiumPath = findChromium();
const suiteName = chromiumPath
  ? 'the dashboard page in headless Chromium'
  : 'the dashboard page in headless Chromium (skipped: chromium not installed; run apt-get install -y chromium)';

/** Where the screenshots go (git-ignored); the CI keeps them as artifacts. */
const ARTIFACTS = resolve(import.meta.dirname, '../test-results');

describe.skipIf(!chromiumPath)(suiteName, { timeout: 30_000 }, () => {
  let dataDir: string;
  let tracker: TestTracker;
  let queries: DashboardQueries;
  let dashboard: DashboardServer;
  let browser: Browser;
  const requests: string[] = [];
  const context = () => ({ dataDir, config, queries });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dashboard-browser-'));
    tracker = await startTestTracker(dataDir, config);
    await sendKnownEvents(tracker);
    queries = await loadQueries();
    [dashboard, browser] = await Promise.all([
      // No auto-refresh here, so figures never change under an assertion; the last test turns it on.
      startDashboard({
        config,
        backend: localBackend({ dataDir, config }),
        queries,
        port: 0,
        clock: () => NOW,
        autoRefreshSeconds: 0,
      }),
      chromium.launch({
        executablePath: chromiumPath ?? 'chromium',
        args: [...CHROMIUM_ARGS],
      }),
    ]);
    await mkdir(ARTIFACTS, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
    await tracker?.server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${dashboard.url}${path}`);
    await loaded(page);
    return page;
  }

  /** Waits until the figures of the current selectors are on the page. */
  async function loaded(page: Page, query?: string): Promise<void> {
    await page.waitForFunction((expected) => {
      const main = document.getElementById('panels');
      return main && !main.hasAttribute('aria-busy') && (!expected || main.dataset.query === expected);
    }, query);
  }

  async function headline(page: Page): Promise<Record<string, { value: string; text: string }>> {
    const stats = await page.locator('.stat').all();
    const entries = await Promise.all(
      stats.map(async (stat) => [
        (await stat.getAttribute('data-metric')) ?? '',
        {
          value: (await stat.getAttribute('data-value')) ?? '',
          text: (await stat.locator('.value').textContent()) ?? '',
        },
      ]),
    );
    return Object.fromEntries(entries);
  }

  async function topPages(page: Page): Promise<{ page: string; views: number; visitors: number }[]> {
    const rows = await page.locator('[data-query="top_pages"] tbody tr').all();
    return Promise.all(
      rows.map(async (row) => {
        const cells = await row.locator('td').allTextContents();
        return { page: cells[0]?.trim() ?? '', views: Number(cells[1]), visitors: Number(cells[2]) };
      }),
    );
  }

  it('shows the headline numbers and top pages the query layer returns for the same range', async () => {
    const page = await open('/?app=app1&range=today');
    const [expected] = await queryLayer(context(), 'headline', 'app1', { preset: 'today' });
    const shown = await headline(page);
    expect(Object.fromEntries(Object.entries(shown).map(([key, { value }]) => [key, Number(value)]))).toEqual(
      expected,
    );
    expect(expected).toEqual({
      page_views: 3,
      visitors: 2,
      sessions: 2,
      bounce_rate: 50,
      avg_session_seconds: 90,
    });
    // What a person reads.
    expect(Object.values(shown).map(({ text }) => text)).toEqual(['3', '2', '2', '50%', '1m 30s']);
    expect(await topPages(page)).toEqual(
      await queryLayer(context(), 'top_pages', 'app1', { preset: 'today' }),
    );
    expect(await page.locator('.range').textContent()).toBe('Today: 2025-03-15 (UTC)');
    await page.close();
  });

  it('switching the app and the range changes the figures (and the address)', async () => {
    const page = await open('/?app=app1&range=today');
    await page.selectOption('select[name="app"]', 'all');
    await loaded(page, 'app=all&range=today');
    let [expected] = await queryLayer(context(), 'headline', 'all', { preset: 'today' });
    expect((await headline(page)).page_views?.value).toBe(String(expected?.page_views));
    expect(expected?.page_views).toBe(5);
    expect(await topPages(page)).toEqual(
      await queryLayer(context(), 'top_pages', 'all', { preset: 'today' }),
    );

    await page.selectOption('select[name="range"]', '7d');
    await loaded(page, 'app=all&range=7d');
    [expected] = await queryLayer(context(), 'headline', 'all', { preset: '7d' });
    expect((await headline(page)).page_views?.value).toBe('9');
    expect(expected?.page_views).toBe(9);
    expect(await topPages(page)).toEqual(await queryLayer(context(), 'top_pages', 'all', { preset: '7d' }));
    expect(await page.locator('[data-query="traffic_by_day"] h2').textContent()).toBe('Traffic by day (UTC)');
    expect(new URL(page.url()).search).toBe('?app=all&range=7d');

    await page.selectOption('select[name="range"]', 'custom');
    await loaded(page, 'app=all&range=custom&from=2025-03-09&to=2025-03-15');
    await page.fill('input[name="from"]', '2025-03-05');
    await loaded(page, 'app=all&range=custom&from=2025-03-05&to=2025-03-15');
    expect((await headline(page)).page_views?.value).toBe('10');

    // The time zone selector: the days are New York's now, and the address keeps the choice.
    await page.selectOption('select[name="tz"]', 'America/New_York');
    await loaded(page, 'app=all&range=custom&from=2025-03-05&to=2025-03-15&tz=America%2FNew_York');
    expect(await page.locator('.range').textContent()).toBe(
      'Custom range: 2025-03-05 – 2025-03-15 (America/New_York)',
    );
    expect(new URL(page.url()).searchParams.get('tz')).toBe('America/New_York');
    await page.close();
  });

  it('shows the SQL of every panel, and keeps bots apart', async () => {
    const page = await open('/?app=app1&range=today');
    const panels = page.locator('section.panel[data-query]');
    // The headline, the traffic chart and the 14 table panels, each with its SQL.
    expect(await panels.count()).toBe(16);
    expect(await page.locator('details.sql').count()).toBe(16);
    await page.locator('[data-query="top_pages"] details.sql summary').click();
    const sql = await page.locator('[data-query="top_pages"] details.sql pre').textContent();
    expect(sql).toContain('-- name: top_pages');
    // Today's partition and one either side (event time may precede arrival by a day), then today's instants.
    expect(sql).toContain("BETWEEN '2025-03-14' AND '2025-03-16'");
    expect(sql).toContain(`< from_iso8601_timestamp('2025-03-16T00:00:00.000Z')`);
    expect(await page.locator('[data-query="bots"] tbody tr').allTextContents()).toEqual([
      expect.stringContaining('Googlebot'),
    ]);
    await page.close();
  });

  it('saves screenshots (desktop and phone) and loads nothing from outside the dashboard', async () => {
    const desktop = await open('/?app=all&range=7d');
    await desktop.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    await desktop.close();
    const phone = await open('/?app=app1&range=today', { width: 390, height: 844 });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: join(ARTIFACTS, 'dashboard-phone.png'), fullPage: true });
    await phone.close();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith(dashboard.url))).toEqual([]);
  });

  it('shows the error panel when the settings are wrong', async () => {
    const page = await open('/?app=nope&range=today');
    expect(await page.locator('.failure-message').textContent()).toContain('Unknown app "nope"');
    await page.close();
  });

  it('auto-refresh picks up new events on its own', async () => {
    const refreshing = await startDashboard({
      config,
      backend: localBackend({ dataDir, config }),
      queries,
      port: 0,
      clock: () => NOW,
      autoRefreshSeconds: 1,
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${refreshing.url}/?app=app2&range=today`);
      await loaded(page);
      expect((await headline(page)).page_views?.value).toBe('2');
      await tracker.send(
        A,
        '2025-03-15T11:30:00.000Z',
        { eventType: 'page_view', page: '/new', sessionId: 's8' },
        'app2-analytics-staging',
      );
      await expect.poll(async () => (await headline(page)).page_views?.value, { timeout: 15_000 }).toBe('3');
      await page.close();
    } finally {
      await refreshing.stop();
    }
  });
});
