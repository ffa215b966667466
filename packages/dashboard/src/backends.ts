import {
  type AthenaApi,
  createAthenaEngine,
  createLocalEngine,
  type LocalEngine,
  type LocalEngineOptions,
  type QueryEngine,
  type QueryResult,
} from '@analytics-tracker/query';
import type { TrackerConfig } from '@analytics-tracker/schema';

/**
 * Where the figures come from. `use` lends an engine for one page load; the local backend keeps its
 * engine open across loads and rebuilds it only when new objects arrived.
 */
export interface DashboardBackend {
  kind: 'local' | 'athena';
  /** Shown next to the page title. */
  label: string;
  /** Queries in flight at once. */
  concurrency: number;
  use<T>(work: (engine: QueryEngine) => Promise<T>): Promise<T>;
  /** Releases what the backend holds open (the local DuckDB); the server calls it on stop. */
  close?(): Promise<void>;
}

/** Options of `localBackend`. */
export interface LocalBackendOptions {
  dataDir: string;
  config: Pick<TrackerConfig, 'glueDatabase' | 'apps'>;
  /** Opens the DuckDB engine; tests inject a slow or failing one. Default `createLocalEngine`. */
  createEngine?: (options: LocalEngineOptions) => Promise<LocalEngine>;
}

/** How long after a page load the local cache is given back to other processes (`npm run query`). */
const RELEASE_AFTER_MS = 1000;

/** Results kept per engine; beyond it the oldest go (statements with "now" in them never repeat). */
const MAX_CACHED_RESULTS = 256;

/**
 * The engine with its results remembered by SQL text, until `forget` (new rows arrived). Failures
 * are not remembered.
 */
function remembering(engine: QueryEngine): QueryEngine & { forget(): void } {
  const results = new Map<string, Promise<QueryResult>>();
  return {
    run(sql) {
      const known = results.get(sql);
      if (known) return known;
      const result = engine.run(sql);
      results.set(sql, result);
      result.catch(() => results.delete(sql));
      if (results.size > MAX_CACHED_RESULTS) {
        const oldest = results.keys().next().value;
        if (oldest !== undefined) results.delete(oldest);
      }
      return result;
    },
    close: () => engine.close(),
    forget: () => results.clear(),
  };
}

/**
 * DuckDB over what `npm run offline` stored, through the local cache `npm run query` shares
 * (`<dataDir>/.cache/local-rows.duckdb`: each stored object parsed once, the reading view's rows
 * kept). The engine stays open between page loads, with each query's result remembered. Before a
 * load, the stored objects are listed: new ones are read into the cache (only those), objects that
 * are gone are dropped from it, and the remembered results are forgotten, so an event sent a moment
 * ago shows on the next load. The cache is given back a second after the last load, so `npm run
 * query` (which waits up to 5 s for it) can use it in between. Loads run one at a time (one DuckDB connection; each query already uses every core).
 *
 * @example
 * const backend = localBackend({ dataDir: '.data', config });
 */
export function localBackend(options: LocalBackendOptions): DashboardBackend {
  let queue: Promise<unknown> = Promise.resolve();
  let open: { engine: LocalEngine; remembered: QueryEngine & { forget(): void } } | undefined;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };
  const releaseWhenIdle = () => {
    clearTimeout(idle);
    // Kept while someone clicks through the page (DuckDB keeps what it read in memory meanwhile),
    // given back soon after, well within the time `npm run query` waits for it.
    // A failure to give it back surfaces on the next load (its refresh), not as an unhandled rejection.
    idle = setTimeout(
      () => serial(async () => open?.engine.release()).catch(() => undefined),
      RELEASE_AFTER_MS,
    );
    idle.unref();
  };
  return {
    kind: 'local',
    label: `Local data (DuckDB) · ${options.dataDir}`,
    concurrency: 1,
    use(work) {
      return serial(async () => {
        clearTimeout(idle);
        if (!open) {
          const engine = await (options.createEngine ?? createLocalEngine)({ ...options, cache: true });
          open = { engine, remembered: remembering(engine) };
        } else if ((await open.engine.refresh()) === 'updated') {
          open.remembered.forget();
        }
        try {
          return await work(open.remembered);
        } finally {
          releaseWhenIdle();
        }
      });
    },
    close() {
      clearTimeout(idle);
      return serial(async () => {
        await open?.engine.close();
        open = undefined;
      });
    },
  };
}

/** Options of `athenaBackend`: the same settings as `npm run query -- --athena`. */
export interface AthenaBackendOptions {
  api: AthenaApi;
  database: string;
  workgroup: string;
  outputLocation?: string;
  region?: string;
  /** Injected so tests do not wait between polls. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The production tables through Athena, with the caller's AWS credentials. A few queries run at once,
 * well under Athena's default concurrency quota.
 *
 * @example
 * const backend = athenaBackend({ api: athenaApi(new AthenaClient({ region })), database: 'analytics_db', workgroup: 'primary' });
 */
export function athenaBackend(options: AthenaBackendOptions): DashboardBackend {
  const engine = createAthenaEngine({
    api: options.api,
    database: options.database,
    workgroup: options.workgroup,
    ...(options.outputLocation ? { outputLocation: options.outputLocation } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const where = [options.region, `workgroup ${options.workgroup}`].filter(Boolean).join(', ');
  return {
    kind: 'athena',
    label: `Athena · ${where}`,
    concurrency: 4,
    use: (work) => work(engine),
  };
}
