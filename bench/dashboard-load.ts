import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrackerConfig } from '@analytics-tracker/config';
import {
  DASHBOARD_QUERIES_FILE,
  loadDashboardQueries,
  localBackend,
  PANEL_QUERY_NAMES,
  startDashboard,
} from '@analytics-tracker/dashboard';
import { ROOT } from './lib/children.js';
import { median } from './lib/stats.js';
import { storeBenchEvents } from './lib/stored-events.js';
import { pageOf } from './lib/workload.js';

/** Events stored before the page is loaded (`BENCH_DASHBOARD_EVENTS` to change). */
const EVENTS = Number(process.env.BENCH_DASHBOARD_EVENTS ?? 100_000);
const LOADS = 11;
const PAGE = '/?app=all&range=7d';

/** What one page load of `npm run dashboard` costs over the local data. */
export interface DashboardLoadFigures {
  /** When these figures were measured (they can be merged into an older latest.json). */
  measuredAt: string;
  events: number;
  /** Named queries one page load runs. */
  queries: number;
  /** The first load: list the files, open DuckDB, build the local cache (parse every object), run every query. */
  firstLoadMs: number;
  /**
   * The first load of a dashboard started again over the same data (the local cache already
   * built): what `npm run dashboard` costs after the first time. Absent from runs before the cache.
   */
  restartLoadMs?: number;
  /** Load average (1 min) when the step started: wall times on a busy machine are longer. */
  loadAverage?: number;
  /**
   * Median of `loads` reloads of the same page (`GET /?app=all&range=7d`, rendered on the server)
   * after it, as auto-refresh and a reload do: no new event, so every result is remembered.
   */
  pageLoadMs: number;
  /** Median of `loads` page loads each filtered by another page (`page=/pricing`, ...): every query runs. */
  filteredLoadMs: number;
  /** The first load after one more event arrived (the engine is rebuilt to show it). */
  afterNewEventMs: number;
  /** Page views the page showed (bots are left out, so fewer than the three in four sent). */
  pageViewsShown: number;
  loads: number;
}

const PAGE_VIEWS = /data-metric="page_views" data-value="(\d+)"/;

/** Times one GET of a page and checks it shows figures (not an error panel): its page views. */
async function timed(url: string): Promise<{ ms: number; pageViews: number }> {
  const start = performance.now();
  const response = await fetch(url);
  const page = await response.text();
  const ms = performance.now() - start;
  const pageViews = Number(PAGE_VIEWS.exec(page)?.[1] ?? Number.NaN);
  if (response.status !== 200 || !(pageViews > 0)) {
    throw new Error(`GET ${url} → ${response.status}; the page shows no page views`);
  }
  return { ms, pageViews };
}

/**
 * Stores `EVENTS` events through the real offline server, starts the dashboard over them, and times
 * whole page loads over HTTP (wall time, as a person waits for it): the first, reloads (median),
 * loads filtered by a new page each (median: every query runs), and the one after a new event arrived.
 *
 * @example
 * const { pageLoadMs } = await measureDashboardLoad();
 */
export async function measureDashboardLoad(): Promise<DashboardLoadFigures> {
  const directory = mkdtempSync(join(tmpdir(), 'bench-dashboard-'));
  try {
    const dataDir = join(directory, 'data');
    const stored = await storeBenchEvents(dataDir, EVENTS);
    if (stored !== EVENTS) throw new Error(`stored ${stored} of ${EVENTS} events`);
    const { config } = await loadTrackerConfig({ cwd: ROOT, path: join(ROOT, 'tracker.config.ts') });
    const queries = await loadDashboardQueries(join(ROOT, DASHBOARD_QUERIES_FILE), PANEL_QUERY_NAMES);
    const start = () =>
      startDashboard({
        config,
        backend: localBackend({ dataDir, config }),
        queries,
        port: 0,
        autoRefreshSeconds: 0,
      });
    const loadAverage = loadavg()[0] ?? Number.NaN;
    const dashboard = await start();
    let figures: Omit<DashboardLoadFigures, 'restartLoadMs'>;
    try {
      const first = await timed(`${dashboard.url}${PAGE}`);
      const loads: number[] = [];
      const filtered: number[] = [];
      // Pages the bench traffic has, each a selection the dashboard has not run yet.
      const paths = [...new Set(Array.from({ length: 5000 }, (_, i) => pageOf(i).split('?')[0] ?? '/'))];
      for (let i = 0; i < LOADS; i++) {
        loads.push((await timed(`${dashboard.url}${PAGE}`)).ms);
        const path = encodeURIComponent(paths[i % paths.length] ?? '/');
        filtered.push((await timed(`${dashboard.url}${PAGE}&page=${path}`)).ms);
      }
      await storeBenchEvents(dataDir, 1);
      const after = await timed(`${dashboard.url}${PAGE}`);
      figures = {
        measuredAt: new Date().toISOString(),
        loadAverage,
        events: EVENTS,
        // Every named query once (one of the two traffic queries), plus the previous period's headline and traffic.
        queries: PANEL_QUERY_NAMES.length + 1,
        firstLoadMs: first.ms,
        pageLoadMs: median(loads),
        filteredLoadMs: median(filtered),
        afterNewEventMs: after.ms,
        pageViewsShown: first.pageViews,
        loads: LOADS,
      };
    } finally {
      await dashboard.stop();
    }
    // Started again: the cache in the data folder is there, so nothing is parsed again.
    const again = await start();
    try {
      return { ...figures, restartLoadMs: (await timed(`${again.url}${PAGE}`)).ms };
    } finally {
      await again.stop();
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
