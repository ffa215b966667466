import { type QueryEngine, rowObjects } from '@analytics-tracker/query';
import type { JsonValue, TrackerConfig } from '@analytics-tracker/schema';
import type { DayRange } from './date-range.js';
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
  tables: PanelResult[];
  /** ISO time the queries finished. */
  generatedAt: string;
}

/** Options of `loadDashboard`. */
export interface LoadDashboardOptions {
  engine: QueryEngine;
  queries: DashboardQueries;
  config: Pick<TrackerConfig, 'apps' | 'glueDatabase'>;
  selection: Selection;
  backend: 'local' | 'athena';
  /** Queries in flight at once: 1 for DuckDB (one connection), a few for Athena. */
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
  const apps = selectedApps(options.config.apps, selection.app);
  const source = (range: DayRange) => ({ database: options.config.glueDatabase, apps, range });
  const run = (query: string, range: DayRange) => async (): Promise<PanelResult> => {
    const sql = querySql(options.queries, query, source(range));
    try {
      const result = await options.engine.run(sql);
      return { query, sql, columns: result.columns.map((column) => column.name), rows: rowObjects(result) };
    } catch (error) {
      const failure = describeFailure(error);
      if (failure.code === 'UNEXPECTED') options.onUnexpectedError?.(error);
      return { query, sql, columns: [], rows: [], failure };
    }
  };
  const trafficQuery = selection.granularity === 'hour' ? 'traffic_by_hour' : 'traffic_by_day';
  const [current, previous, traffic, ...tables] = await runPool(
    [
      run('headline', selection.range),
      run('headline', selection.previous),
      run(trafficQuery, selection.range),
      ...TABLE_PANELS.map((panel) => run(panel.query, selection.range)),
    ],
    options.concurrency ?? 1,
  );
  if (!current || !previous || !traffic) throw new Error('the headline and traffic queries did not run');
  return {
    selection,
    backend: options.backend,
    headline: { current, previous },
    traffic,
    tables,
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
  };
}
