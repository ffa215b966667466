import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, findChromium } from '@analytics-tracker/testkit';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import { type DashboardServer, localBackend, startDashboard } from '../src/index.js';
import { sendGroundTruth, type Truth } from './ground-truth.js';
import { dashboardAnswers, type Row, type TruthFilter } from './ground-truth-answers.js';
import { loadQueries } from './query-layer.js';

const chromiumPath = findChromium();
const suiteName = chromiumPath
  ? 'done: filters, goals and export in headless Chromium, against the ground truth'
  : 'done: filters, goals and export in headless Chromium (skipped: chromium not installed; run apt-get install -y chromium)';

// The ground truth's three days, and the dashboard's clock on the last of them.
const DAYS: [string, string, string] = ['2025-03-13', '2025-03-14', '2025-03-15'];
const NOW = new Date('2025-03-15T18:00:00.000Z');
const APPS = ['app1', 'app2'];

// Each step is a full page load of 19 queries; a loaded machine needs minutes for the first test.
describe.skipIf(!chromiumPath)(suiteName, { timeout: 180_000 }, () => {
  let dataDir: string;
  let truth: Truth;
  let dashboard: DashboardServer;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dashboard-done-'));
    truth = await sendGroundTruth(dataDir, config, DAYS);
    [dashboard, browser] = await Promise.all([
      startDashboard({
        config,
        backend: localBackend({ dataDir, config }),
        queries: await loadQueries(),
        port: 0,
        clock: () => NOW,
        autoRefreshSeconds: 0,
      }),
      chromium.launch({ executablePath: chromiumPath ?? 'chromium', args: [...CHROMIUM_ARGS] }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** What the truth says a panel shows for every app over the three days, with these filters. */
  const expected = (panel: string, filters: TruthFilter[] = []): Row[] =>
    dashboardAnswers(truth, APPS, filters, NOW)[panel] ?? [];

  /** A table panel as a person reads it: the label, then each figure's exact value. */
  async function table(page: Page, panel: string): Promise<Row[]> {
    return page.locator(`[data-query="${panel}"] tbody tr`).evaluateAll((rows) =>
      rows.map((row) => {
        const cells = [...row.querySelectorAll('td')];
        const label = cells[0]?.textContent?.trim() ?? '';
        const figures = cells
          .slice(1)
          .map((cell) => [cell.getAttribute('data-column') ?? '', Number(cell.getAttribute('data-value'))]);
        return { label, ...Object.fromEntries(figures) };
      }),
    );
  }

  /** The expected rows in the same shape: the first column is the label. */
  const asShown = (rows: Row[]): Row[] =>
    rows.map((row) => {
      const [labelColumn, ...rest] = Object.keys(row);
      return {
        label: String(row[labelColumn ?? ''] ?? ''),
        ...Object.fromEntries(rest.map((column) => [column, row[column]])),
      };
    });

  async function headline(page: Page): Promise<Record<string, number>> {
    return Object.fromEntries(
      await page
        .locator('.stat')
        .evaluateAll((stats) =>
          stats.map((stat) => [
            stat.getAttribute('data-metric') ?? '',
            Number(stat.getAttribute('data-value')),
          ]),
        ),
    );
  }

  async function chips(page: Page): Promise<string[]> {
    return (await page.locator('.chip').allTextContents()).map((text) => text.replace('×', '').trim());
  }

  it('filters by clicks, removes a filter by its chip, and every figure follows the truth', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${dashboard.url}/?app=all&range=7d`);
    expect(await table(page, 'top_pages')).toEqual(asShown(expected('top_pages')));
    expect(await headline(page)).toEqual(expected('headline')[0]);

    // Click /pricing in Top pages: the whole page is filtered, the address says so.
    const pricing: TruthFilter = { param: 'page', value: '/pricing' };
    await Promise.all([
      page.waitForURL(/page=%2Fpricing/),
      page.locator('[data-query="top_pages"] a.filter-link', { hasText: /^\/pricing$/ }).click(),
    ]);
    expect(await chips(page)).toEqual(['Page is /pricing']);
    expect(await headline(page)).toEqual(expected('headline', [pricing])[0]);
    expect(await table(page, 'countries')).toEqual(asShown(expected('countries', [pricing])));
    expect(await table(page, 'referrer_domains')).toEqual(asShown(expected('referrer_domains', [pricing])));

    // Then Direct / None in Referrers: two filters at once.
    const direct: TruthFilter = { param: 'referrer', value: 'Direct / None' };
    await Promise.all([
      page.waitForURL(/referrer=Direct/),
      page.locator('[data-query="referrer_domains"] a.filter-link', { hasText: 'Direct / None' }).click(),
    ]);
    expect(await chips(page)).toEqual(['Page is /pricing', 'Referrer is Direct / None']);
    // Not a vacuous case: the first filter removes page views, and both leave some.
    const views = (filters: TruthFilter[]) => Number(expected('headline', filters)[0]?.page_views);
    expect(views([pricing])).toBeLessThan(views([]));
    expect(views([pricing, direct])).toBeGreaterThan(0);
    expect(await headline(page)).toEqual(expected('headline', [pricing, direct])[0]);
    expect(await table(page, 'browsers')).toEqual(asShown(expected('browsers', [pricing, direct])));

    // The address is the shareable state: a new tab on it shows the same figures.
    const shared = await browser.newPage();
    await shared.goto(page.url());
    expect(await headline(shared)).toEqual(expected('headline', [pricing, direct])[0]);
    await shared.close();

    // Remove the page filter by its chip: only the referrer filter is left.
    await Promise.all([
      page.waitForURL((url) => !url.search.includes('page=')),
      page.locator('.chip[data-filter="page"] a').click(),
    ]);
    expect(await chips(page)).toEqual(['Referrer is Direct / None']);
    expect(await headline(page)).toEqual(expected('headline', [direct])[0]);
    expect(await table(page, 'entry_pages')).toEqual(asShown(expected('entry_pages', [direct])));

    // A filter survives a change of range in the selectors.
    await page.selectOption('select[name="range"]', '30d');
    await page.waitForFunction(() => document.getElementById('panels')?.dataset.query?.includes('range=30d'));
    await page.waitForFunction(() => !document.getElementById('panels')?.hasAttribute('aria-busy'));
    expect(await chips(page)).toEqual(['Referrer is Direct / None']);
    expect(new URL(page.url()).searchParams.get('referrer')).toBe('Direct / None');
    await page.close();
  });

  it('shows goals with their conversion rate and the plan breakdown, as the truth says', async () => {
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}/?app=all&range=7d`);
    const goals = expected('goals');
    expect(goals.length).toBeGreaterThan(1);
    expect(await table(page, 'goals')).toEqual(asShown(goals));
    const firstRate = goals[0]?.conversion_rate;
    expect(
      await page.locator('[data-query="goals"] td[data-column="conversion_rate"]').first().textContent(),
    ).toBe(`${firstRate}%`);
    expect(await table(page, 'plans')).toEqual(asShown(expected('plans')));
    expect(await table(page, 'exit_pages')).toEqual(asShown(expected('exit_pages')));
    await page.close();
  });

  it('exports a panel as CSV: the download holds the truth’s rows, with the page’s filter', async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    const direct: TruthFilter = { param: 'referrer', value: 'Direct / None' };
    await page.goto(`${dashboard.url}/?app=all&range=7d&referrer=Direct+%2F+None`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-query="goals"] a.export').click(),
    ]);
    expect(download.suggestedFilename()).toBe('goals-2025-03-09-2025-03-15.csv');
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    const rows = expected('goals', [direct]);
    expect(rows.length).toBeGreaterThan(0);
    const header = Object.keys(rows[0] ?? { goal: '', conversions: 0, events: 0, conversion_rate: 0 });
    expect(csv).toBe(
      `${[header, ...rows.map((row) => header.map((column) => String(row[column] ?? '')))].map((cells) => cells.join(',')).join('\r\n')}\r\n`,
    );
    await page.close();
  });
});
