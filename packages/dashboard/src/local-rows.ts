import { createLocalEngine, type LocalEngine, type LocalEngineOptions } from '@analytics-tracker/query';
import type { TrackerConfig } from '@analytics-tracker/schema';

/** The dashboard's view of the local data, and what it takes to bring it up to date. */
export interface LocalRows {
  engine: LocalEngine;
  /**
   * Lists the stored objects again and brings the local cache up to date (objects stored since are
   * read, only those; rows of objects that are gone are dropped): `unchanged` or `updated`.
   */
  refresh(): Promise<'unchanged' | 'updated'>;
}

/**
 * Opens DuckDB over the local data through the local cache (`<dataDir>/.cache/local-rows.duckdb`,
 * which `npm run query` shares): each stored object is parsed once, and the reading view's rows are
 * kept there, updated for the eventIds that arrive. The cache is held only while a refresh or a
 * query runs, so `npm run query` can use it between page loads.
 *
 * @example
 * const local = await openLocalRows({ dataDir: '.data', config });
 * await local.refresh(); // 'unchanged'
 */
export async function openLocalRows(
  options: LocalEngineOptions & {
    config: Pick<TrackerConfig, 'glueDatabase' | 'apps'>;
    createEngine?: (options: LocalEngineOptions) => Promise<LocalEngine>;
  },
): Promise<LocalRows> {
  const engine = await (options.createEngine ?? createLocalEngine)({ ...options, cache: true });
  await engine.release();
  return {
    engine,
    async refresh() {
      try {
        return await engine.refresh();
      } finally {
        await engine.release();
      }
    },
  };
}
