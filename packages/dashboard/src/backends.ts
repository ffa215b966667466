import { listStoredObjects } from '@analytics-tracker/local';
import {
  type AthenaApi,
  createAthenaEngine,
  createLocalEngine,
  type LocalEngineOptions,
  type QueryEngine,
  type QueryResult,
} from '@analytics-tracker/query';
import { readingViewName, type TrackerConfig } from '@analytics-tracker/schema';

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

const identifier = (value: string): string => `"${value.replaceAll('"', '""')}"`;

/** Options of `localBackend`. */
export interface LocalBackendOptions {
  dataDir: string;
  config: Pick<TrackerConfig, 'glueDatabase' | 'apps'>;
  /** Opens the DuckDB engine; tests inject a slow or failing one. Default `createLocalEngine`. */
  createEngine?: (options: LocalEngineOptions) => Promise<QueryEngine>;
}

/**
 * The stored objects of every app, as one string: it changes exactly when an object is added or
 * removed (stored objects are never rewritten: keys come from their content, writes are first-wins).
 */
async function filesSignature(options: LocalBackendOptions): Promise<string> {
  const lists = await Promise.all(
    options.config.apps.map(async (app) => {
      const objects = await listStoredObjects(options.dataDir, app.bucket);
      return [app.bucket, ...objects.map((object) => object.key)].join('\n');
    }),
  );
  return lists.join('\n\n');
}

/** Results kept per engine; beyond it the oldest go (statements with "now" in them never repeat). */
const MAX_CACHED_RESULTS = 256;

/**
 * The engine with its results remembered by SQL text. Valid because an engine's rows never change:
 * a new object means a new engine (and an empty cache). Failures are not remembered.
 */
function remembering(engine: QueryEngine): QueryEngine {
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
  };
}

/**
 * Opens the engine and loads each app's reading view into memory once: `<app>_events_dedup` then
 * reads a table instead of parsing every JSON file again for each of the page's queries. The view
 * keeps its name and rows, so the SQL shown is still the SQL that runs on Athena.
 */
async function openMaterialized(options: LocalBackendOptions): Promise<QueryEngine> {
  const engine = await (options.createEngine ?? createLocalEngine)(options);
  try {
    for (const app of options.config.apps) {
      const view = `${identifier(options.config.glueDatabase)}.${identifier(readingViewName(app))}`;
      const table = `${identifier(options.config.glueDatabase)}.${identifier(`${readingViewName(app)}_loaded`)}`;
      await engine.run(`CREATE TABLE ${table} AS SELECT * FROM ${view}`);
      await engine.run(`CREATE OR REPLACE VIEW ${view} AS SELECT * FROM ${table}`);
    }
  } catch (error) {
    await engine.close();
    throw error;
  }
  return remembering(engine);
}

/**
 * DuckDB over what `npm run offline` stored. The engine stays open between page loads, with each
 * app's rows loaded in memory and each query's result remembered; before a load, the stored files
 * are listed, and only when they changed (an event arrived) is a fresh engine built, so new events
 * show on the next load. Loads run one at a time (one DuckDB connection; each query already uses
 * every core).
 *
 * @example
 * const backend = localBackend({ dataDir: '.data', config });
 */
export function localBackend(options: LocalBackendOptions): DashboardBackend {
  let queue: Promise<unknown> = Promise.resolve();
  let open: { engine: QueryEngine; signature: string } | undefined;
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    kind: 'local',
    label: `Local data (DuckDB) · ${options.dataDir}`,
    concurrency: 1,
    use(work) {
      return serial(async () => {
        const signature = await filesSignature(options);
        if (open?.signature !== signature) {
          await open?.engine.close();
          open = undefined;
          open = { engine: await openMaterialized(options), signature };
        }
        return work(open.engine);
      });
    },
    close() {
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
