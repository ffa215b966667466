import { resolve } from 'node:path';
import { createLocalEngine, rowObjects } from '@analytics-tracker/query';
import type { JsonValue, TrackerConfig } from '@analytics-tracker/schema';
import {
  type DashboardQueries,
  dayRange,
  loadDashboardQueries,
  PANEL_QUERY_NAMES,
  querySql,
  selectedApps,
} from '../src/index.js';
import { NOW } from './known-events.js';

/** sql/dashboard-queries.sql of this repository. */
export const QUERIES_FILE = resolve(import.meta.dirname, '../../../sql/dashboard-queries.sql');

/** The parsed query file. */
export const loadQueries = (): Promise<DashboardQueries> =>
  loadDashboardQueries(QUERIES_FILE, PANEL_QUERY_NAMES);

/**
 * What the query layer itself returns for a named query, an app and a range: the reference the
 * page's figures are checked against.
 *
 * @example
 * await queryLayer({ dataDir, config, queries }, 'top_pages', 'app1', 'today');
 */
export async function queryLayer(
  context: { dataDir: string; config: TrackerConfig; queries: DashboardQueries },
  name: string,
  app: string,
  range: { preset: 'today' | '7d' | '30d' } | { from: string; to: string },
): Promise<Record<string, JsonValue>[]> {
  const days =
    'preset' in range ? dayRange(range.preset, { now: NOW }) : dayRange('custom', { now: NOW, ...range });
  const engine = await createLocalEngine({ dataDir: context.dataDir, config: context.config });
  try {
    const sql = querySql(context.queries, name, {
      database: context.config.glueDatabase,
      apps: selectedApps(context.config.apps, app),
      range: days,
    });
    return rowObjects(await engine.run(sql));
  } finally {
    await engine.close();
  }
}
