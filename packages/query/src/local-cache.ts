import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  type AppConfig,
  PARTITION_COLUMNS,
  readingView,
  readingViewName,
  readingViewSql,
  type TableDefinition,
  type TrackerConfig,
  tableDefinition,
} from '@analytics-tracker/schema';
import type { DuckDBConnection } from '@duckdb/node-api';
import { listCompactedFiles, splitByCompression } from './local-objects.js';
import { localViewSql, OBJECT_PATH } from './local-views.js';
import type { ObjectFile } from './stored-object-files.js';

/**
 * Where the local cache lives, inside the data folder: a DuckDB file holding each app's stored rows
 * (with the object each came from) and its reading view's rows, so a query parses the JSON of an
 * object once, not on every call.
 */
export const LOCAL_CACHE_FILE = join('.cache', 'local-rows.duckdb');

/** Raise whenever what the cache holds changes shape: a file of another format is then rebuilt. */
const CACHE_FORMAT = 1;
const ALIAS = 'local_cache';
const LOCK_RETRY_MS = 50;
/** An empty lock file older than this was left by a process stopped while taking it. */
const ABANDONED_LOCK_MS = 10_000;

const literal = (value: string): string => `'${value.replaceAll("'", "''")}'`;
const identifier = (value: string): string => `"${value.replaceAll('"', '""')}"`;
const cached = (name: string): string => `${ALIAS}.${identifier(name)}`;

/** What the cache is brought up to date with: the objects and compacted files listed just before. */
export interface LocalCacheInput {
  dataDir: string;
  config: Pick<TrackerConfig, 'glueDatabase' | 'apps'>;
  /** The stored objects of each app (`listObjectFiles`), by app name. */
  objects: ReadonlyMap<string, readonly ObjectFile[]>;
  /** How long to wait while another engine or process holds the cache. */
  lockWaitMs: number;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** DuckDB refuses a file another process has open for writing: a busy cache, not a broken one. */
const isLockConflict = (error: unknown): boolean => /lock/i.test((error as Error).message ?? '');

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<cache>.lock` (created exclusively, holding this process id). DuckDB's own file lock keeps
 * two processes apart, but not two engines of one process (a dashboard test opening a second one):
 * this file does both. A lock left by a process that is gone is taken over.
 */
async function takeLock(lockFile: string): Promise<boolean> {
  try {
    const handle = await open(lockFile, 'wx');
    await handle.writeFile(String(process.pid));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) return false;
  // Empty: being written this instant, or left by a process stopped right after creating it.
  const age = Date.now() - ((await stat(lockFile).catch(() => undefined))?.mtimeMs ?? 0);
  if (!(Number.isInteger(holder) && holder > 0) && age < ABANDONED_LOCK_MS) return false;
  await rm(lockFile, { force: true }); // left by a process that is gone: taken over on the retry
  return false;
}

async function signature(connection: DuckDBConnection, input: LocalCacheInput): Promise<string> {
  const version = (await connection.runAndReadAll('SELECT version()')).getRows()[0]?.[0];
  const apps = input.config.apps.map((app) => {
    const table = tableDefinition(input.config, app);
    return {
      name: app.name,
      bucket: app.bucket,
      columns: table.columns,
      partitionKeys: table.partitionKeys,
      view: readingViewSql(readingView(table, app)),
    };
  });
  const text = JSON.stringify({ CACHE_FORMAT, version, database: input.config.glueDatabase, apps });
  return createHash('sha256').update(text).digest('hex');
}

async function value(connection: DuckDBConnection, sql: string): Promise<unknown> {
  return (await connection.runAndReadAll(sql)).getRows()[0]?.[0];
}

async function storedSignature(connection: DuckDBConnection): Promise<unknown> {
  try {
    return await value(connection, `SELECT value FROM ${cached('meta')} WHERE key = 'signature'`);
  } catch {
    return undefined; // no meta table: not a cache this code wrote
  }
}

const setMeta = (key: string, text: string): string[] => [
  `DELETE FROM ${cached('meta')} WHERE key = ${literal(key)}`,
  `INSERT INTO ${cached('meta')} VALUES (${literal(key)}, ${literal(text)})`,
];

/** Drops every table of the cache, then creates the empty ones this version uses. */
async function recreate(
  connection: DuckDBConnection,
  input: LocalCacheInput,
  expected: string,
): Promise<void> {
  const tables = await connection.runAndReadAll(
    `SELECT table_name FROM duckdb_tables() WHERE database_name = ${literal(ALIAS)}`,
  );
  for (const [name] of tables.getRows()) await connection.run(`DROP TABLE ${cached(String(name))}`);
  const database = input.config.glueDatabase;
  await connection.run(`CREATE TABLE ${cached('meta')} (key VARCHAR, value VARCHAR)`);
  await connection.run(
    `CREATE TABLE ${cached('objects')} (app VARCHAR, path VARCHAR, size BIGINT, mtime DOUBLE)`,
  );
  for (const app of input.config.apps) {
    const table = tableDefinition(input.config, app);
    const empty = { ...table, name: incoming(app) };
    await connection.run(localViewSql(empty, { plain: [], gzip: [] }, { withPath: true }));
    await connection.run(`CREATE TABLE ${cached(raw(app))} AS SELECT * FROM ${database}.${incoming(app)}`);
  }
  for (const statement of setMeta('signature', expected)) await connection.run(statement);
}

/** The compacted Parquet files of a bucket with their sizes and times: the reading view depends on them. */
async function compactedState(dataDir: string, bucket: string): Promise<string[]> {
  const files = await listCompactedFiles(dataDir, bucket);
  return Promise.all(
    files.map(async (file) => {
      const { size, mtimeMs } = await stat(file);
      return `${file}:${size}:${mtimeMs}`;
    }),
  );
}

const raw = (app: Pick<AppConfig, 'name'>) => `raw_${app.name}`;
const dedup = (app: Pick<AppConfig, 'name'>) => `dedup_${app.name}`;
const arrivedTable = (app: Pick<AppConfig, 'name'>) => `arrived_${app.name}`;
const incoming = (app: Pick<AppConfig, 'name'>) => `${app.name}_events_cache_incoming`;
const cachedRaw = (app: Pick<AppConfig, 'name'>) => `${app.name}_events_cache_raw`;
const building = (app: Pick<AppConfig, 'name'>) => `${readingViewName(app)}_cache_build`;
const arrivedLive = (app: Pick<AppConfig, 'name'>) => `${readingViewName(app)}_cache_arrived`;

/** What changed for one app since the cache was last brought up to date. */
interface AppChanges {
  app: AppConfig;
  table: TableDefinition;
  fresh: readonly ObjectFile[];
  gone: string[];
  /** The row count is not the one the last update wrote: every row is dropped and read again. */
  stray: boolean;
  /** What the reading view's rows depend on besides the rows (compacted files; the date, if it matters). */
  dedupState: string;
  /** Recompute the reading view's rows over everything, not only the eventIds that arrived. */
  rebuild: boolean;
}

async function changesOf(
  connection: DuckDBConnection,
  input: LocalCacheInput,
  app: AppConfig,
  meta: ReadonlyMap<string, string>,
  dates: { today: string; tomorrow: string },
): Promise<AppChanges> {
  const table = tableDefinition(input.config, app);
  const listing = input.objects.get(app.name) ?? [];
  const known = new Map<string, string>();
  const rows = await connection.runAndReadAll(
    `SELECT path, size, mtime FROM ${cached('objects')} WHERE app = ${literal(app.name)}`,
  );
  for (const [path, size, mtime] of rows.getRows()) known.set(String(path), `${size}:${mtime}`);
  // An object counts as cached only with the same size and time: anything else is read again.
  const current = new Set(
    listing.filter((file) => known.get(file.path) === `${file.size}:${file.mtimeMs}`).map((f) => f.path),
  );
  // Rows the last update did not write (another writer, an interrupted one): the app is read anew.
  const count = Number(await value(connection, `SELECT count(*) FROM ${cached(raw(app))}`));
  const stray = String(count) !== meta.get(`rows:${app.name}`);
  const fresh = stray ? listing : listing.filter((file) => !current.has(file.path));
  const gone = stray ? [] : [...known.keys()].filter((path) => !current.has(path));
  // The reading view's calendar ends tomorrow: the date matters only while a stored day lies beyond it.
  const lastDay = meta.get(`lastday:${app.name}`) ?? '';
  const dedupState = JSON.stringify({
    today: lastDay > dates.tomorrow ? dates.today : '',
    compacted: await compactedState(resolve(input.dataDir), app.bucket),
  });
  const rebuild = gone.length > 0 || stray || meta.get(`dedup:${app.name}`) !== dedupState;
  return { app, table, fresh, gone, stray, dedupState, rebuild };
}

/** Views in memory over the cache, created before the transaction (it may write to one database only). */
async function prepareViews(
  connection: DuckDBConnection,
  database: string,
  changes: AppChanges,
): Promise<void> {
  const { app, table } = changes;
  const inMemory = (name: string) => `${identifier(database)}.${identifier(name)}`;
  const objects = await splitByCompression(changes.fresh.map((object) => object.path));
  await connection.run(localViewSql({ ...table, name: incoming(app) }, objects, { withPath: true }));
  await connection.run(
    `CREATE OR REPLACE VIEW ${inMemory(cachedRaw(app))} AS SELECT * EXCLUDE (${OBJECT_PATH}) FROM ${cached(raw(app))}`,
  );
  const view = readingView(table, app);
  if (changes.rebuild) {
    await connection.run(readingViewSql({ ...view, name: building(app), source: inMemory(cachedRaw(app)) }));
  } else if (changes.fresh.length > 0) {
    // The rows of the objects that arrived, kept in the cache for the step (and dropped after it).
    await connection.run(
      `CREATE OR REPLACE TABLE ${cached(arrivedTable(app))} AS SELECT * FROM ${inMemory(incoming(app))}`,
    );
    // Only the eventIds that arrived can change their first stored copy: the generated reading view,
    // run over every copy of those ids alone, gives their rows; rows without an eventId are all kept,
    // so the new ones are added as that view shows them. The same rows as recomputing everything (a
    // test checks it), without a window over every stored row.
    const ids = `SELECT eventid FROM ${cached(arrivedTable(app))} WHERE eventid IS NOT NULL`;
    const affected =
      `(SELECT * FROM ${inMemory(cachedRaw(app))} WHERE eventid IN (${ids}) UNION ALL ` +
      `SELECT * EXCLUDE (${OBJECT_PATH}) FROM ${cached(arrivedTable(app))} WHERE eventid IS NULL)`;
    await connection.run(readingViewSql({ ...view, name: arrivedLive(app), source: affected }));
  }
}

/** The statements that bring one app's part of the cache up to date, run in one transaction. */
function updates(changes: AppChanges, database: string): string[] {
  const { app } = changes;
  const inMemory = (name: string) => `${identifier(database)}.${identifier(name)}`;
  const appLiteral = literal(app.name);
  const statements: string[] = [];
  if (changes.gone.length > 0) {
    const gone = changes.gone.map(literal).join(', ');
    statements.push(`DELETE FROM ${cached('objects')} WHERE app = ${appLiteral} AND path IN (${gone})`);
    statements.push(`DELETE FROM ${cached(raw(app))} WHERE ${OBJECT_PATH} IN (${gone})`);
  }
  if (changes.stray) {
    // Start this app again from the listing: every object is read anew (they are all `fresh`).
    statements.push(`DELETE FROM ${cached(raw(app))}`);
    statements.push(`DELETE FROM ${cached('objects')} WHERE app = ${appLiteral}`);
  }
  if (changes.fresh.length > 0) {
    const source = changes.rebuild ? inMemory(incoming(app)) : cached(arrivedTable(app));
    statements.push(`INSERT INTO ${cached(raw(app))} SELECT * FROM ${source}`);
    const values = changes.fresh
      .map((file) => `(${appLiteral}, ${literal(file.path)}, ${file.size}, ${file.mtimeMs})`)
      .join(', ');
    statements.push(`INSERT INTO ${cached('objects')} VALUES ${values}`);
  }
  if (changes.rebuild) {
    statements.push(
      `CREATE OR REPLACE TABLE ${cached(dedup(app))} AS SELECT * FROM ${inMemory(building(app))}`,
    );
  } else if (changes.fresh.length > 0) {
    const ids = `SELECT eventid FROM ${cached(arrivedTable(app))} WHERE eventid IS NOT NULL`;
    const view = readingView(changes.table, app);
    // The view also yields every compacted row (compacted days are read from Parquet): of those, only
    // the copies of the arrived ids were deleted and come back; compacted rows without an eventId
    // are already in the cache and must not be added twice.
    const compactedDay = PARTITION_COLUMNS.map((column) => `c.${column} = live.${column}`).join(' AND ');
    statements.push(`DELETE FROM ${cached(dedup(app))} WHERE eventid IN (${ids})`);
    statements.push(
      `INSERT INTO ${cached(dedup(app))} SELECT * FROM ${inMemory(arrivedLive(app))} AS live ` +
        `WHERE live.eventid IN (${ids}) OR (live.eventid IS NULL AND NOT EXISTS ` +
        `(SELECT 1 FROM ${view.compacted} AS c WHERE ${compactedDay}))`,
    );
  }
  statements.push(...setMeta(`dedup:${app.name}`, changes.dedupState));
  // What the next call checks the cache against: its row count and its last day.
  for (const [key, expression] of [
    ['rows', 'CAST(count(*) AS VARCHAR)'],
    ['lastday', `coalesce(max(concat(year, '-', month, '-', day)), '')`],
  ]) {
    statements.push(`DELETE FROM ${cached('meta')} WHERE key = ${literal(`${key}:${app.name}`)}`);
    statements.push(
      `INSERT INTO ${cached('meta')} SELECT ${literal(`${key}:${app.name}`)}, ${expression} FROM ${cached(raw(app))}`,
    );
  }
  return statements;
}

/** Whether the cache file is attached to this connection now. */
export async function cacheAttached(connection: DuckDBConnection): Promise<boolean> {
  const count = await value(
    connection,
    `SELECT count(*) FROM duckdb_databases() WHERE database_name = ${literal(ALIAS)}`,
  );
  return Number(count) > 0;
}

/**
 * Attaches the cache file (waiting while another engine or process holds it), then brings it up to
 * date with the listing: objects stored since are read (only those), rows of objects that are gone
 * (compaction, retention, a wiped folder) or that no listed object explains are dropped, and the
 * reading view's rows are updated: for the eventIds that arrived only, or recomputed over everything
 * when rows were dropped, the compacted days changed, or the date changed while it matters. A cache
 * written by another version of this code, or a file DuckDB cannot open, is rebuilt. Each app's
 * `<app>_events` and `<app>_events_dedup` views then read the cache, until `releaseLocalCache`.
 *
 * Returns whether the cache changed, or undefined when it stayed busy (then read the files).
 *
 * @example
 * const outcome = await syncLocalCache(connection, { dataDir, config, objects, lockWaitMs: 2000 });
 * if (outcome === undefined) // busy: read the stored files directly
 */
export async function syncLocalCache(
  connection: DuckDBConnection,
  input: LocalCacheInput,
): Promise<{ changed: boolean } | undefined> {
  const folder = join(resolve(input.dataDir), '.cache');
  const file = join(resolve(input.dataDir), LOCAL_CACHE_FILE);
  const lockFile = `${file}.lock`;
  const deadline = Date.now() + input.lockWaitMs;
  if (!(await cacheAttached(connection))) {
    await mkdir(folder, { recursive: true });
    let recreated = false;
    for (;;) {
      if (await takeLock(lockFile)) {
        try {
          await connection.run(`ATTACH ${literal(file)} AS ${ALIAS}`);
          break;
        } catch (error) {
          await rm(lockFile, { force: true });
          if (!isLockConflict(error)) {
            if (recreated) throw error;
            // Truncated, not a database, or written by an incompatible DuckDB: start it again.
            recreated = true;
            await rm(file, { force: true });
            await rm(`${file}.wal`, { force: true });
            continue;
          }
        }
      }
      if (Date.now() >= deadline) return undefined;
      await sleep(LOCK_RETRY_MS);
    }
  }
  try {
    return await bringUpToDate(connection, input);
  } catch (error) {
    await releaseLocalCache(connection, input.dataDir);
    throw error;
  }
}

async function bringUpToDate(
  connection: DuckDBConnection,
  input: LocalCacheInput,
): Promise<{ changed: boolean }> {
  const database = input.config.glueDatabase;
  const expected = await signature(connection, input);
  let changed = false;
  if ((await storedSignature(connection)) !== expected) {
    await recreate(connection, input, expected);
    changed = true;
  }
  const meta = new Map<string, string>();
  for (const [key, text] of (
    await connection.runAndReadAll(`SELECT key, value FROM ${cached('meta')}`)
  ).getRows()) {
    meta.set(String(key), String(text));
  }
  const [today, tomorrow] = (
    await connection.runAndReadAll(
      'SELECT CAST(current_date AS VARCHAR), CAST(CAST(current_date + INTERVAL 1 DAY AS DATE) AS VARCHAR)',
    )
  ).getRows()[0] ?? ['', ''];
  const dates = { today: String(today), tomorrow: String(tomorrow) };
  const changes: AppChanges[] = [];
  for (const app of input.config.apps) changes.push(await changesOf(connection, input, app, meta, dates));
  for (const change of changes) await prepareViews(connection, database, change);
  const work = changes.filter((change) => change.fresh.length > 0 || change.rebuild);
  if (work.length > 0) {
    changed = true;
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const statement of work.flatMap((change) => updates(change, database))) {
        await connection.run(statement);
      }
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
  }
  const inMemory = (name: string) => `${identifier(database)}.${identifier(name)}`;
  for (const { app, table } of changes) {
    for (const name of [building(app), arrivedLive(app), incoming(app)]) {
      await connection.run(`DROP VIEW IF EXISTS ${inMemory(name)}`);
    }
    await connection.run(`DROP TABLE IF EXISTS ${cached(arrivedTable(app))}`);
    // The names every query uses now read the cache: the raw table and the reading view.
    await connection.run(
      `CREATE OR REPLACE VIEW ${inMemory(table.name)} AS SELECT * FROM ${inMemory(cachedRaw(app))}`,
    );
    await connection.run(
      `CREATE OR REPLACE VIEW ${inMemory(readingViewName(app))} AS SELECT * FROM ${cached(dedup(app))}`,
    );
  }
  return { changed };
}

/**
 * Detaches the cache file and gives up its lock, so another process (a dashboard, `npm run query`)
 * can use it; the views over it fail until the next `syncLocalCache`.
 *
 * @example
 * await releaseLocalCache(connection, '.data');
 */
export async function releaseLocalCache(connection: DuckDBConnection, dataDir: string): Promise<void> {
  if (!(await cacheAttached(connection))) return;
  await connection.run(`DETACH ${ALIAS}`);
  await rm(`${join(resolve(dataDir), LOCAL_CACHE_FILE)}.lock`, { force: true });
}
