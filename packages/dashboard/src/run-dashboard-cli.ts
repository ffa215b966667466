import { dirname, resolve } from 'node:path';
import { loadTrackerConfig } from '@analytics-tracker/config';
import {
  type AthenaApi,
  athenaApi,
  athenaSettings,
  localDataProblem,
  NoLocalDataError,
  ownSqlFile,
  QueryError,
} from '@analytics-tracker/query';
import { SchemaError, type TrackerConfig } from '@analytics-tracker/schema';
import { AthenaClient } from '@aws-sdk/client-athena';
import { athenaBackend, type DashboardBackend, localBackend } from './backends.js';
import { DASHBOARD_USAGE, type DashboardCliOptions, parseDashboardArgs } from './cli-options.js';
import { DashboardError } from './errors.js';
import { PANEL_QUERY_NAMES } from './panels.js';
import { DASHBOARD_QUERIES_FILE, loadDashboardQueries } from './query-file.js';
import { type DashboardServer, startDashboard } from './start-dashboard.js';

/** What the CLI talks to; tests pass their own streams and a fake Athena. */
export interface DashboardCliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Builds the Athena API for `--athena`; defaults to a real client for the region. */
  athena?: (region: string) => AthenaApi;
  clock?: () => Date;
}

/**
 * The backend, and the database the panels' SQL names: locally the views carry the config's own
 * name; on Athena, the database the deployment created (environment-scoped, or `--database`).
 */
async function backendFor(
  options: DashboardCliOptions,
  config: TrackerConfig,
  configFolder: string,
  io: DashboardCliIo,
): Promise<{ backend: DashboardBackend; database: string }> {
  if (!options.athena) {
    // As npm run offline writes it and npm run query reads it: next to the config, unless --data-dir.
    const dataDir = resolve(
      options.dataDir ? io.cwd : configFolder,
      options.dataDir ?? io.env.DATA_DIR ?? '.data',
    );
    // A missing or empty folder would show an empty dashboard, as if the tracker had counted nothing.
    const problem = await localDataProblem(dataDir, config.apps);
    if (problem) throw new NoLocalDataError(dataDir, problem, 'show');
    return { backend: localBackend({ dataDir, config }), database: config.glueDatabase };
  }
  const settings = athenaSettings(options, config, io.env);
  const backend = athenaBackend({
    ...settings,
    api: io.athena ? io.athena(settings.region) : athenaApi(new AthenaClient({ region: settings.region })),
  });
  return { backend, database: settings.database };
}

/**
 * `npm run dashboard`: loads the config and sql/dashboard-queries.sql, starts the server and prints
 * its address. Returns the running server, or undefined after printing what went wrong (and setting
 * the exit code through `exitCode`).
 *
 * @example
 * const server = await runDashboardCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
 */
export async function runDashboardCli(
  argv: readonly string[],
  io: DashboardCliIo,
): Promise<{ server?: DashboardServer; exitCode: number }> {
  try {
    const options = parseDashboardArgs(argv, io.env);
    if (options.help) {
      io.stdout.write(DASHBOARD_USAGE);
      return { exitCode: 0 };
    }
    const { config, path: configPath } = await loadTrackerConfig({
      cwd: io.cwd,
      env: io.env,
      ...(options.config ? { path: options.config } : {}),
    });
    // The repository's own queries, wherever the config lives.
    const queries = await loadDashboardQueries(ownSqlFile(DASHBOARD_QUERIES_FILE), PANEL_QUERY_NAMES);
    const { backend, database } = await backendFor(options, config, dirname(configPath), io);
    const server = await startDashboard({
      config: { ...config, glueDatabase: database },
      backend,
      queries,
      port: options.port,
      ...(io.clock ? { clock: io.clock } : {}),
      log: (line) => io.stderr.write(`${line}\n`),
    });
    const apps = config.apps.map((app) => app.name).join(', ') || '(none: add apps to tracker.config.ts)';
    io.stdout.write(
      [
        '',
        `  analytics-tracker dashboard: ${server.url.replace('127.0.0.1', 'localhost')}`,
        `  reading: ${backend.label}`,
        `  apps:    ${apps}`,
        '',
        options.athena
          ? '  Every panel runs a query on Athena (billed per data scanned). Ctrl-C stops.'
          : '  Send events to npm run offline; the page refreshes itself. Ctrl-C stops.',
        '',
        '',
      ].join('\n'),
    );
    return { server, exitCode: 0 };
  } catch (error) {
    const known =
      error instanceof DashboardError || error instanceof QueryError || error instanceof SchemaError;
    io.stderr.write(`dashboard: ${known || error instanceof Error ? error.message : String(error)}\n`);
    return { exitCode: error instanceof DashboardError && error.code === 'USAGE' ? 2 : 1 };
  }
}
