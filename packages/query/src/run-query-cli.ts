import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { loadTrackerConfig } from '@analytics-tracker/config';
import { SchemaError, type TrackerConfig } from '@analytics-tracker/schema';
import { type AthenaApi, type AthenaProgress, athenaApi, createAthenaEngine } from './athena-engine.js';
import { athenaSettings } from './backend-options.js';
import { localDataProblem } from './cli-local-data.js';
import { parseQueryArgs, QUERY_USAGE, type QueryCliOptions } from './cli-options.js';
import { createLocalEngine } from './duckdb-engine.js';
import { NoLocalDataError, QueryError, QueryNotFoundError } from './errors.js';
import { formatResult } from './format.js';
import { ownSqlFile } from './own-sql.js';
import type { QueryEngine, QueryResult } from './result.js';
import { queryNames, type SqlStatement, splitSql } from './sql-file.js';

/** The file `--name` looks in when no `--file` is given: this repository's own (`ownSqlFile`). */
export const EXAMPLE_QUERIES_FILE = 'sql/example-queries.sql';

/** What the CLI talks to; tests pass their own streams and a fake Athena. */
export interface QueryCliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Builds the Athena API for `--athena`; defaults to a real client for the region. */
  athena?: (region: string) => AthenaApi;
}

async function statementsToRun(options: QueryCliOptions, cwd: string): Promise<SqlStatement[]> {
  if (options.sql !== undefined) return splitSql(options.sql);
  const file = options.file ? resolve(cwd, options.file) : ownSqlFile(EXAMPLE_QUERIES_FILE);
  const statements = splitSql(await readFile(file, 'utf8'));
  if (options.name === undefined) return statements;
  const named = statements.filter((statement) => statement.name === options.name);
  if (named.length === 0) throw new QueryNotFoundError(options.name, queryNames(statements));
  return named;
}

function progressLine(progress: AthenaProgress): string {
  const seconds = (progress.elapsedMs / 1000).toFixed(1);
  const megabytes = (progress.bytesScanned / 1024 / 1024).toFixed(1);
  return `Athena ${progress.queryExecutionId}: ${progress.state}, ${seconds} s, ${megabytes} MB scanned`;
}

async function engineFor(
  options: QueryCliOptions,
  config: TrackerConfig,
  root: string,
  io: QueryCliIo,
): Promise<QueryEngine> {
  if (!options.athena) {
    const dataDir = resolve(options.dataDir ? io.cwd : root, options.dataDir ?? io.env.DATA_DIR ?? '.data');
    // An empty or mistyped folder would print "(0 rows)", as if the tracker had counted nothing.
    const problem = await localDataProblem(dataDir, config.apps);
    if (problem) throw new NoLocalDataError(dataDir, problem);
    return createLocalEngine({
      dataDir,
      config,
      cache: true,
      notice: (line) => io.stderr.write(`${line}\n`),
    });
  }
  const settings = athenaSettings(options, config, io.env);
  // The AWS SDK is loaded only for --athena: a local query starts without it.
  const api = io.athena
    ? io.athena(settings.region)
    : athenaApi(new (await import('@aws-sdk/client-athena')).AthenaClient({ region: settings.region }));
  // On a terminal the progress line rewrites itself; in a log each poll is its own line.
  const end = io.stderr.isTTY ? '\r' : '\n';
  return createAthenaEngine({
    api,
    database: settings.database,
    workgroup: settings.workgroup,
    ...(settings.outputLocation ? { outputLocation: settings.outputLocation } : {}),
    onProgress: (progress) => io.stderr.write(`${progressLine(progress)}${end}`),
  });
}

function render(
  results: { statement: SqlStatement; result: QueryResult }[],
  options: QueryCliOptions,
): string {
  if (options.format === 'json' && results.length > 1) {
    const documents = results.map(({ statement, result }) => ({
      name: statement.name ?? null,
      rows: JSON.parse(formatResult(result, 'json')) as unknown,
    }));
    return `${JSON.stringify(documents, null, 2)}\n`;
  }
  return results
    .map(({ statement, result }) => {
      const body = formatResult(result, options.format);
      const title =
        results.length > 1 && options.format === 'table' ? `-- ${statement.name ?? 'statement'}\n` : '';
      return `${title}${body.endsWith('\n') ? body : `${body}\n`}`;
    })
    .join(options.format === 'table' ? '\n' : '');
}

/**
 * `npm run query`: runs SQL text, a file, or one named query on DuckDB (default) or Athena (`--athena`)
 * and prints the results. Returns the process exit code; errors are printed, never thrown.
 *
 * @example
 * process.exitCode = await runQueryCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
 */
export async function runQueryCli(argv: readonly string[], io: QueryCliIo): Promise<number> {
  let engine: QueryEngine | undefined;
  try {
    const options = parseQueryArgs(argv);
    if (options.help) {
      io.stdout.write(QUERY_USAGE);
      return 0;
    }
    const { config, path } = await loadTrackerConfig({
      cwd: io.cwd,
      env: io.env,
      ...(options.config ? { path: options.config } : {}),
    });
    const root = dirname(path);
    const statements = await statementsToRun(options, io.cwd);
    engine = await engineFor(options, config, root, io);
    const results: { statement: SqlStatement; result: QueryResult }[] = [];
    for (const statement of statements) results.push({ statement, result: await engine.run(statement.sql) });
    io.stdout.write(render(results, options));
    return 0;
  } catch (error) {
    io.stderr.write(
      `${error instanceof QueryError || error instanceof SchemaError ? error.message : `Unexpected error: ${String(error)}`}\n`,
    );
    return error instanceof QueryError && error.code === 'USAGE' ? 2 : 1;
  } finally {
    await engine?.close();
  }
}
