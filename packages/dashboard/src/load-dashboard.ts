import { type QueryEngine, rowObjects } from '@analytics-tracker/query';
import type { JsonValue, TrackerConfig } from '@analytics-tracker/schema';
import { dayIn } from '@analytics-tracker/schema';
import { type DayRange, parseDay } from './date-range.js';
import { DashboardInternalError } from './errors.js';
import { describeFailure, type PanelFailure } from './panel-failure.js';
import { TABLE_PANELS } from './panels.js';
import { type DashboardQueries, querySql } from './query-file.js';
import { type Selection, selectedApps } from './selection.js';

/** What one named query returned (or why it did not), with the exact SQL that ran. */
export interface PanelResult {
  query: string;
  sql: string;
  columns: string[];
  rows: Record<string, JsonValue>[];
  failure?: PanelFailure;
}

/** Everything the page shows for one selection. */
export interface DashboardData {
  selection: Selection;
  backend: 'local' | 'athena';
  headline: { current: PanelResult; previous: PanelResult };
  /** `traffic_by_hour` for one day, `traffic_by_day` otherwise. */
  traffic: PanelResult;
  /** The same query over the previous period, drawn under it. */
  previousTraffic: PanelResult;
  /** `current_visitors`: visitors in the 5 minutes before the dashboard's clock. */
  currentVisitors: PanelResult;
  tables: PanelResult[];
  /** ISO time the queries finished. */
  generatedAt: string;
}

/** Options of `loadDashboard`. */
export interface LoadDashboardOptions {
  engine: QueryEngine;
  queries: DashboardQueries;
  config: Pick<TrackerConfig, 'apps' | 'glueDatabase'> & Partial<Pick<TrackerConfig, 'partitionTimeZone'>>;
  selection: Selection;
  backend: 'local' | 'athena';
  /** Queries in flight at once: 1 for DuckDB (one connection, each query on every core), a few for Athena. */
  concurrency?: number;
  now?: () => Date;
  /** Where unexpected errors are reported (they are never shown on the page). */
  onUnexpectedError?: (error: unknown) => void;
}

async function runPool<T>(tasks: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index];
      if (task) results[index] = await task();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, worker));
  return results;
}

const DAY_MS = 86_400_000;

/**
 * The local days `current_visitors` reads around `now`: from two days before to an hour after, so an
 * event that arrived in the last 5 minutes is in them whatever its believed client time (a day behind
 * to an hour ahead of its arrival); the query then keeps exactly the last 5 minutes of arrivals.
 *
 * @example
 * realtimeRange(new Date('2025-03-15T12:00:00Z')); // { from: '2025-03-13', to: '2025-03-15', days: 3 }
 */
export function realtimeRange(now: Date, timeZone = 'UTC'): DayRange {
  const from = dayIn(new Date(now.getTime() - 2 * DAY_MS), timeZone);
  const to = dayIn(new Date(now.getTime() + 3_600_000), timeZone);
  return { from, to, days: Math.round((parseDay(to, 'to') - parseDay(from, 'from')) / DAY_MS) + 1 };
}

/**
 * Runs one named query for a selection (its range, or `range`), with the selection's filters. A
 * failure becomes the result's `failure`, never an exception.
 *
 * @example
 * const result = await runPanel({ engine, queries, config, selection }, 'top_pages');
 */
export async function runPanel(
  options: Pick<
    LoadDashboardOptions,
    'engine' | 'queries' | 'config' | 'selection' | 'now' | 'onUnexpectedError'
  >,
  query: string,
  range: DayRange = options.selection.range,
): Promise<PanelResult> {
  const apps = selectedApps(options.config.apps, options.selection.app);
  const source = {
    database: options.config.glueDatabase,
    apps,
    range,
    filters: options.selection.filters,
    timeZone: options.selection.timeZone,
    partitionTimeZone: options.config.partitionTimeZone ?? 'UTC',
  };
  const sql = querySql(options.queries, query, source, options.now?.() ?? new Date());
  try {
    const result = await options.engine.run(sql);
    return { query, sql, columns: result.columns.map((column) => column.name), rows: rowObjects(result) };
  } catch (error) {
    const failure = describeFailure(error);
    if (failure.code === 'UNEXPECTED') options.onUnexpectedError?.(error);
    return { query, sql, columns: [], rows: [], failure };
  }
}

/**
 * Runs every panel's named query for a selection on one engine. A failing query fails its panel
 * only; the others still show.
 *
 * @example
 * const data = await loadDashboard({ engine, queries, config, selection, backend: 'local' });
 * data.headline.current.rows[0]; // { page_views: 10, visitors: 4, sessions: 4, bounce_rate: 25, avg_session_seconds: 95 }
 */
export async function loadDashboard(options: LoadDashboardOptions): Promise<DashboardData> {
  const { selection } = options;
  const now = options.now ?? (() => new Date());
  const run = (query: string, range: DayRange) => () => runPanel({ ...options, now }, query, range);
  const trafficQuery = selection.granularity === 'hour' ? 'traffic_by_hour' : 'traffic_by_day';
  const [current, previous, traffic, previousTraffic, currentVisitors, ...tables] = await runPool(
    [
      run('headline', selection.range),
      run('headline', selection.previous),
      run(trafficQuery, selection.range),
      run(trafficQuery, selection.previous),
      run('current_visitors', realtimeRange(now(), selection.timeZone)),
      ...TABLE_PANELS.map((panel) => run(panel.query, selection.range)),
    ],
    options.concurrency ?? 1,
  );
  if (!current || !previous || !traffic || !previousTraffic || !currentVisitors)
    throw new DashboardInternalError('the headline and traffic queries did not run');
  return {
    selection,
    backend: options.backend,
    headline: { current, previous },
    traffic,
    previousTraffic,
    currentVisitors,
    tables,
    generatedAt: now().toISOString(),
  };
}
