import {
  type AthenaApi,
  createAthenaEngine,
  createLocalEngine,
  type QueryEngine,
} from '@analytics-tracker/query';
import type { TrackerConfig } from '@analytics-tracker/schema';

/**
 * Where the figures come from. `use` opens an engine for one page load and closes it after, so the
 * local backend sees events written since the last load.
 */
export interface DashboardBackend {
  kind: 'local' | 'athena';
  /** Shown next to the page title. */
  label: string;
  /** Queries in flight at once. */
  concurrency: number;
  use<T>(work: (engine: QueryEngine) => Promise<T>): Promise<T>;
}

/**
 * DuckDB over what `npm run offline` stored. Each page load opens a fresh in-memory engine (its views
 * list the files at creation); loads run one at a time so refreshes never pile up engines.
 *
 * @example
 * const backend = localBackend({ dataDir: '.data', config });
 */
export function localBackend(options: {
  dataDir: string;
  config: Pick<TrackerConfig, 'glueDatabase' | 'apps'>;
}): DashboardBackend {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    kind: 'local',
    label: `Local data (DuckDB) · ${options.dataDir}`,
    concurrency: 1,
    use(work) {
      const next = queue.then(async () => {
        const engine = await createLocalEngine(options);
        try {
          return await work(engine);
        } finally {
          await engine.close();
        }
      });
      queue = next.catch(() => undefined);
      return next;
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
