import {
  compactedTableDefinition,
  type JsonValue,
  readingView,
  readingViewSql,
  type TrackerConfig,
  tableDefinition,
} from '@analytics-tracker/schema';
import { type DuckDBConnection, DuckDBInstance, type DuckDBType, ResultReturnType } from '@duckdb/node-api';
import { LocalQueryError } from './errors.js';
import { releaseLocalCache, syncLocalCache } from './local-cache.js';
import { listCompactedFiles, pendingObjects, splitByCompression } from './local-objects.js';
import { localCompactedViewSql, localViewSql } from './local-views.js';
import type { QueryEngine, QueryResult } from './result.js';
import { listObjectFiles, type ObjectFile } from './stored-object-files.js';
import { TRINO_MACROS } from './trino-macros.js';

/** Where the local data is and which apps to expose. */
export interface LocalEngineOptions {
  /** The offline server's data folder (`.data` by default); objects are under `<dataDir>/s3/<bucket>/`. */
  dataDir: string;
  config: Pick<TrackerConfig, 'glueDatabase' | 'apps'>;
  /** Where a one-line note goes (`MSCK REPAIR TABLE`, a busy cache); stderr by default. */
  notice?: (line: string) => void;
  /**
   * Read the rows through the local cache (`<dataDir>/.cache/local-rows.duckdb`, see
   * `syncLocalCache`): each stored object is parsed once, not on every call. Off by default.
   */
  cache?: boolean;
  /** How long to wait for the cache while another engine or process uses it (default 5 s); then the files are read. */
  cacheLockWaitMs?: number;
}

/**
 * The local engine. `refresh` lists the stored objects again (a long-running dashboard calls it
 * before each page load) and says whether anything changed; `release` lets another process use the
 * cache until the next `refresh` or query.
 */
export interface LocalEngine extends QueryEngine {
  refresh(): Promise<'unchanged' | 'updated'>;
  release(): Promise<void>;
}

const DEFAULT_CACHE_LOCK_WAIT_MS = 5000;

// Athena's partition repair, as the original README runs it (`MSCK REPAIR TABLE analytics_db.app1_events;`),
// after any `--` comment lines. The table name is matched, never used to build anything.
const MSCK_REPAIR = /^(?:\s*--[^\n]*\n)*\s*MSCK\s+REPAIR\s+TABLE\s+[\w."`]+\s*;?\s*$/i;
const NO_ROWS: QueryResult = { columns: [], rows: [], returnsRows: false };

// DuckDB's JSON form gives 64-bit integers and decimals as strings to stay lossless; counts are far
// below 2^53, so they become numbers like Athena's bigint results do.
const NUMERIC_TEXT_TYPES = /^(BIGINT|HUGEINT|UBIGINT|UHUGEINT|DECIMAL)/;

function toValue(value: JsonValue, type: DuckDBType): JsonValue {
  if (typeof value === 'string' && NUMERIC_TEXT_TYPES.test(type.toString())) {
    const number = Number(value);
    return Number.isFinite(number) ? number : value;
  }
  return value;
}

async function runOne(connection: DuckDBConnection, sql: string): Promise<QueryResult> {
  try {
    const reader = await connection.runAndReadAll(sql);
    const types = reader.columnTypes();
    const returnsRows = reader.returnType === ResultReturnType.QUERY_RESULT;
    return {
      columns: reader.columnNames().map((name, i) => ({ name, type: types[i]?.toString() ?? 'UNKNOWN' })),
      rows: returnsRows
        ? reader
            .getRowsJson()
            .map((row) => row.map((value, i) => (types[i] ? toValue(value, types[i]) : value)))
        : [],
      returnsRows,
    };
  } catch (error) {
    throw new LocalQueryError((error as Error).message, error);
  }
}

/**
 * An in-memory DuckDB with one view per app (`analytics_db.app1_events`) over what `npm run offline`
 * stored, one over what `npm run compact` wrote (`analytics_db.app1_events_compacted`), the
 * deduplicated reading view over both (`analytics_db.app1_events_dedup`, as on Athena; its raw side
 * reads `analytics_db.app1_events_pending`, the raw objects of days not compacted and of the day before
 * each), plus the
 * Trino functions the examples use, so Athena SQL runs here unchanged.
 * The views list the files once: create a new engine to see events written afterwards.
 *
 * @example
 * const engine = await createLocalEngine({ dataDir: '.data', config });
 * const { rows } = await engine.run("SELECT count(*) FROM analytics_db.app1_events WHERE year = '2025'");
 * await engine.close();
 */
export async function createLocalEngine(options: LocalEngineOptions): Promise<LocalEngine> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const notice = options.notice ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { config } = options;
  /** What the views read now, and the listing they were made from. */
  let mode: 'cache' | 'files' | 'released' | undefined;
  let lastListing: string | undefined;

  /** Views straight over the stored files, as before the cache (and whenever it is busy). */
  async function fileViews(
    objects: ReadonlyMap<string, readonly ObjectFile[]>,
    compacted: Map<string, string[]>,
  ) {
    for (const app of config.apps) {
      const table = tableDefinition(config, app);
      const files = await splitByCompression((objects.get(app.name) ?? []).map((object) => object.path));
      await connection.run(localViewSql(table, files));
      // The same reading view as on Athena (compacted days, plus raw days not compacted yet), over a
      // raw view of only the objects it still needs: DuckDB does not prune files through the view's
      // join on partition columns as Athena's dynamic filtering does, so the listing does it.
      const pending = { ...table, name: `${table.name}_pending` };
      await connection.run(localViewSql(pending, pendingObjects(files, compacted.get(app.name) ?? [])));
      const view = readingView(table, app);
      await connection.run(readingViewSql({ ...view, source: `${table.database}.${pending.name}` }));
    }
  }

  /** The cache brought up to date, or undefined (with a note) when it is busy or cannot be used. */
  async function cached(objects: ReadonlyMap<string, readonly ObjectFile[]>) {
    try {
      const synced = await syncLocalCache(connection, {
        dataDir: options.dataDir,
        config,
        objects,
        lockWaitMs: options.cacheLockWaitMs ?? DEFAULT_CACHE_LOCK_WAIT_MS,
      });
      if (!synced)
        notice('The local cache is busy (another process is using it): reading the stored files instead.');
      return synced;
    } catch (error) {
      // A read-only data folder, a full disk: the files still answer (and a broken object fails there too).
      notice(
        `The local cache cannot be used (${(error as Error).message}): reading the stored files instead.`,
      );
      return undefined;
    }
  }

  async function refresh(): Promise<'unchanged' | 'updated'> {
    const objects = new Map<string, ObjectFile[]>();
    const compacted = new Map<string, string[]>();
    for (const app of config.apps) {
      objects.set(app.name, await listObjectFiles(options.dataDir, app.bucket));
      const files = await listCompactedFiles(options.dataDir, app.bucket);
      compacted.set(app.name, files);
      await connection.run(localCompactedViewSql(compactedTableDefinition(config, app), files));
    }
    const listing = JSON.stringify([...objects, ...compacted]);
    const changed = listing !== lastListing;
    lastListing = listing;
    if (options.cache) {
      const synced = await cached(objects);
      if (synced) {
        mode = 'cache';
        return changed || synced.changed ? 'updated' : 'unchanged';
      }
    }
    if (changed || mode !== 'files') await fileViews(objects, compacted);
    mode = 'files';
    return changed ? 'updated' : 'unchanged';
  }

  async function release(): Promise<void> {
    if (mode !== 'cache') return;
    await releaseLocalCache(connection, options.dataDir);
    mode = 'released';
  }

  const close = async (): Promise<void> => {
    try {
      if (mode === 'cache') await releaseLocalCache(connection, options.dataDir);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  };
  try {
    // One round trip for the whole set-up (each statement alone costs a hop to DuckDB's threads).
    const setup = [
      // Athena works in UTC; current_date and timestamp rendering must agree with it.
      "SET TimeZone = 'UTC'",
      // Trino divides integers as integers (7 / 2 = 3); DuckDB would answer 3.5.
      'SET integer_division = true',
      ...TRINO_MACROS,
      `CREATE SCHEMA IF NOT EXISTS "${config.glueDatabase}"`,
    ];
    await connection.run(setup.join(';\n'));
    await refresh();
  } catch (error) {
    await close();
    throw new LocalQueryError(
      `could not open the local data in ${options.dataDir}: ${(error as Error).message}`,
      error,
    );
  }
  return {
    run: async (sql) => {
      // Locally the views list the files (and Athena's tables use partition projection): no repair to do.
      if (MSCK_REPAIR.test(sql)) {
        notice('MSCK REPAIR TABLE: nothing to do, partitions are read from the files (projection on Athena)');
        return NO_ROWS;
      }
      if (mode !== 'released') return runOne(connection, sql);
      // Released for other processes: take the cache for this statement only (catching up first).
      await refresh();
      try {
        return await runOne(connection, sql);
      } finally {
        await release();
      }
    },
    refresh,
    release,
    close,
  };
}
