import { open } from 'node:fs/promises';
import { listStoredObjects } from '@analytics-tracker/local';
import {
  type BucketObjects,
  createLocalEngine,
  type LocalEngineOptions,
  localViewSql,
  type QueryEngine,
} from '@analytics-tracker/query';
import {
  type AppConfig,
  PARTITION_COLUMNS,
  readingView,
  readingViewName,
  readingViewSql,
  type TrackerConfig,
  tableDefinition,
} from '@analytics-tracker/schema';

const identifier = (value: string): string => `"${value.replaceAll('"', '""')}"`;

/** Reads the first two bytes of a stored object: gzip (a batch) or plain JSON (one event). */
async function isGzipFile(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await file.close();
  }
}

async function split(paths: readonly string[]): Promise<BucketObjects> {
  const objects: BucketObjects = { plain: [], gzip: [] };
  for (const path of paths) ((await isGzipFile(path)) ? objects.gzip : objects.plain).push(path);
  return objects;
}

/** The names one app's rows live under in the dashboard's DuckDB. */
function names(database: string, app: Pick<AppConfig, 'name'>) {
  const base = readingViewName(app);
  const qualified = (name: string) => `${identifier(database)}.${identifier(name)}`;
  return {
    /** The raw table's name (`app1_events`), now a view over `rows`. */
    raw: `${app.name}_events`,
    /** Every stored row read so far. */
    rows: qualified(`${app.name}_events_rows`),
    /** The objects read in this step, as a view over their files. */
    incoming: `${app.name}_events_incoming`,
    /** The same rows, read once into memory. */
    incomingRows: qualified(`${app.name}_events_incoming_rows`),
    /** The reading view over the copies of the arrived eventIds (and the new rows without one). */
    incomingLive: `${base}_incoming_live`,
    /** The generated reading view over `rows` (deduplication, bounded client clocks). */
    live: `${base}_live`,
    /** Its result, kept in memory. */
    dedupRows: qualified(`${base}_rows`),
    /** What the queries read: `<app>_events_dedup`, now over `dedupRows`. */
    dedup: qualified(base),
  };
}

/** The dashboard's in-memory copy of the local data, and what it takes to bring it up to date. */
export interface LocalRows {
  engine: QueryEngine;
  /**
   * Reads the objects stored since the last call (only those) and recomputes the reading views:
   * `unchanged` (nothing new), `updated`, or `stale` when an object was removed (the data folder
   * was emptied): then close this one and open a new one.
   */
  refresh(): Promise<'unchanged' | 'updated' | 'stale'>;
}

/**
 * Opens DuckDB over the local data (packages/query's engine, the same views as `npm run query`) and
 * loads each app's stored rows into memory once; the reading view `<app>_events_dedup` keeps its
 * name and its generated definition (schema's `readingViewSql`) and reads them from memory. A
 * `refresh` reads only the objects added since, so a page load after a new event does not parse
 * every stored file again.
 *
 * @example
 * const local = await openLocalRows({ dataDir: '.data', config });
 * await local.refresh(); // 'unchanged'
 */
export async function openLocalRows(
  options: LocalEngineOptions & {
    config: Pick<TrackerConfig, 'glueDatabase' | 'apps'>;
    createEngine?: (options: LocalEngineOptions) => Promise<QueryEngine>;
  },
): Promise<LocalRows> {
  const engine = await (options.createEngine ?? createLocalEngine)(options);
  const { glueDatabase: database } = options.config;
  const loaded = new Map<string, Set<string>>();
  const run = async (sql: string) => {
    await engine.run(sql);
  };

  async function loadApp(app: AppConfig, first: boolean): Promise<'unchanged' | 'updated' | 'stale'> {
    const n = names(database, app);
    const table = tableDefinition(options.config, app);
    const seen = loaded.get(app.name) ?? new Set<string>();
    const stored = (await listStoredObjects(options.dataDir, app.bucket)).map((object) => object.path);
    const listed = new Set(stored);
    if ([...seen].some((path) => !listed.has(path))) return 'stale';
    const fresh = stored.filter((path) => !seen.has(path));
    if (!first && fresh.length === 0) return 'unchanged';
    // Exactly the objects listed here are read, so each is read once: the next refresh reads the rest.
    await run(localViewSql({ ...table, name: n.incoming }, await split(fresh)));
    const qualified = (name: string) => `${identifier(database)}.${identifier(name)}`;
    if (first) {
      await run(`CREATE TABLE ${n.rows} AS SELECT * FROM ${qualified(n.incoming)}`);
      // The raw table's name now reads memory; the generated reading view runs over it as it is.
      await run(`CREATE OR REPLACE VIEW ${qualified(n.raw)} AS SELECT * FROM ${n.rows}`);
      await run(readingViewSql({ ...readingView(table, app), name: n.live }));
      await run(`CREATE TABLE ${n.dedupRows} AS SELECT * FROM ${qualified(n.live)}`);
      await run(`CREATE OR REPLACE VIEW ${n.dedup} AS SELECT * FROM ${n.dedupRows}`);
    } else {
      await run(`CREATE OR REPLACE TABLE ${n.incomingRows} AS SELECT * FROM ${qualified(n.incoming)}`);
      await run(`INSERT INTO ${n.rows} SELECT * FROM ${n.incomingRows}`);
      // Only the eventIds that arrived can change their first stored copy: the generated reading view,
      // run over every copy of those ids alone, gives their rows; rows without an eventId are all
      // kept, so the new ones are added as that view shows them. The same rows as recomputing
      // everything (a test checks it), without a window over every stored row.
      const arrived = `SELECT eventid FROM ${n.incomingRows} WHERE eventid IS NOT NULL`;
      const affected = `(SELECT * FROM ${n.rows} WHERE eventid IN (${arrived}) UNION ALL SELECT * FROM ${n.incomingRows} WHERE eventid IS NULL)`;
      const view = readingView(table, app);
      await run(readingViewSql({ ...view, name: n.incomingLive, source: affected }));
      await run(`DELETE FROM ${n.dedupRows} WHERE eventid IN (${arrived})`);
      // The view also yields every compacted row (compacted days are read from Parquet, not from
      // `source`): of those, only the copies of the arrived ids were deleted above and come back;
      // compacted rows without an eventId are already in memory and must not be added twice.
      const compactedDay = PARTITION_COLUMNS.map((column) => `c.${column} = live.${column}`).join(' AND ');
      await run(
        `INSERT INTO ${n.dedupRows} SELECT * FROM ${qualified(n.incomingLive)} AS live ` +
          `WHERE live.eventid IN (${arrived}) OR (live.eventid IS NULL AND NOT EXISTS ` +
          `(SELECT 1 FROM ${view.compacted} AS c WHERE ${compactedDay}))`,
      );
    }
    loaded.set(app.name, listed);
    return 'updated';
  }

  try {
    for (const app of options.config.apps) await loadApp(app, true);
  } catch (error) {
    await engine.close();
    throw error;
  }
  return {
    engine,
    async refresh() {
      let outcome: 'unchanged' | 'updated' = 'unchanged';
      for (const app of options.config.apps) {
        const step = await loadApp(app, false);
        if (step === 'stale') return 'stale';
        if (step === 'updated') outcome = 'updated';
      }
      return outcome;
    },
  };
}
