import type { JsonValue } from '@analytics-tracker/schema';
import type {
  AthenaClient,
  ColumnInfo,
  GetQueryExecutionCommandInput,
  GetQueryExecutionCommandOutput,
  GetQueryResultsCommandInput,
  GetQueryResultsCommandOutput,
  QueryExecution,
  StartQueryExecutionCommandInput,
  StartQueryExecutionCommandOutput,
} from '@aws-sdk/client-athena';
import {
  AthenaBytesScannedLimitError,
  AthenaCredentialsError,
  AthenaQueryFailedError,
  AthenaRequestError,
  QueryError,
} from './errors.js';
import type { QueryEngine, QueryResult } from './result.js';

/**
 * The three Athena calls a query needs. Production wraps an `AthenaClient` (`athenaApi`); tests pass
 * a fake, since no Athena can run locally.
 */
export interface AthenaApi {
  startQueryExecution(input: StartQueryExecutionCommandInput): Promise<StartQueryExecutionCommandOutput>;
  getQueryExecution(input: GetQueryExecutionCommandInput): Promise<GetQueryExecutionCommandOutput>;
  getQueryResults(input: GetQueryResultsCommandInput): Promise<GetQueryResultsCommandOutput>;
}

/**
 * The `AthenaApi` of a real client.
 *
 * @example
 * const api = athenaApi(new AthenaClient({ region: 'us-east-1' }));
 */
export function athenaApi(client: AthenaClient): AthenaApi {
  // The SDK's commands are loaded on the first Athena call: a local query never pays for them.
  const commands = () => import('@aws-sdk/client-athena');
  return {
    startQueryExecution: async (input) =>
      client.send(new (await commands()).StartQueryExecutionCommand(input)),
    getQueryExecution: async (input) => client.send(new (await commands()).GetQueryExecutionCommand(input)),
    getQueryResults: async (input) => client.send(new (await commands()).GetQueryResultsCommand(input)),
  };
}

/** Where a running query is, for a progress line. */
export interface AthenaProgress {
  queryExecutionId: string;
  state: string;
  /** Engine time so far, as Athena reports it. */
  elapsedMs: number;
  bytesScanned: number;
}

/** Options of `createAthenaEngine`; workgroup, database and output location come from flags or the config. */
export interface AthenaEngineOptions {
  api: AthenaApi;
  /** The database unqualified table names resolve in (`analytics_db`). */
  database: string;
  workgroup?: string;
  /** `s3://bucket/prefix/` for results; optional when the workgroup enforces its own. */
  outputLocation?: string;
  /** Called after every poll. */
  onProgress?: (progress: AthenaProgress) => void;
  /** Injected so tests do not wait; defaults to a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Rows per GetQueryResults page (Athena allows at most 1000). */
  pageSize?: number;
}

const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 2000;
const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
]);
const BYTES_LIMIT_REASON = /bytes scanned limit|data scanned limit|BytesScannedCutoff/i;
const NUMERIC_TYPES = new Set([
  'tinyint',
  'smallint',
  'integer',
  'bigint',
  'real',
  'float',
  'double',
  'decimal',
]);

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function call<T>(what: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof QueryError) throw error;
    const name = (error as { name?: unknown }).name;
    const message = (error as { message?: unknown }).message;
    if (typeof name === 'string' && CREDENTIAL_ERRORS.has(name)) throw new AthenaCredentialsError(error);
    const text = typeof message === 'string' ? message : String(error);
    const hint = /output location/i.test(text)
      ? ' Pass --output-location s3://<bucket>/<prefix>/ or set athena.resultsLocation in tracker.config.ts.'
      : '';
    const prefix = typeof name === 'string' && name !== 'Error' ? `${name}: ` : '';
    throw new AthenaRequestError(`${what}: ${prefix}${text}${hint}`, error);
  }
}

function toValue(text: string | undefined, type: string | undefined): JsonValue {
  if (text === undefined) return null;
  if (type === 'boolean') return text === 'true';
  if (type && NUMERIC_TYPES.has(type)) {
    const number = Number(text);
    return Number.isFinite(number) ? number : text;
  }
  return text;
}

async function waitForCompletion(
  options: AthenaEngineOptions,
  queryExecutionId: string,
): Promise<QueryExecution> {
  const sleep = options.sleep ?? defaultSleep;
  let delay = FIRST_POLL_MS;
  for (;;) {
    const { QueryExecution: execution } = await call('GetQueryExecution', () =>
      options.api.getQueryExecution({ QueryExecutionId: queryExecutionId }),
    );
    const state = execution?.Status?.State ?? 'UNKNOWN';
    options.onProgress?.({
      queryExecutionId,
      state,
      elapsedMs: execution?.Statistics?.TotalExecutionTimeInMillis ?? 0,
      bytesScanned: execution?.Statistics?.DataScannedInBytes ?? 0,
    });
    if (state === 'SUCCEEDED') return execution ?? {};
    if (state === 'FAILED' || state === 'CANCELLED') {
      const reason =
        execution?.Status?.StateChangeReason ??
        execution?.Status?.AthenaError?.ErrorMessage ??
        'no reason given';
      if (BYTES_LIMIT_REASON.test(reason)) throw new AthenaBytesScannedLimitError(queryExecutionId, reason);
      throw new AthenaQueryFailedError(queryExecutionId, state, reason);
    }
    await sleep(delay);
    delay = Math.min(MAX_POLL_MS, Math.round(delay * 1.5));
  }
}

async function readResults(
  options: AthenaEngineOptions,
  execution: QueryExecution,
  queryExecutionId: string,
): Promise<QueryResult> {
  let columnInfo: ColumnInfo[] = [];
  const rows: JsonValue[][] = [];
  let nextToken: string | undefined;
  let first = true;
  do {
    const token = nextToken;
    const page = await call('GetQueryResults', () =>
      options.api.getQueryResults({
        QueryExecutionId: queryExecutionId,
        MaxResults: options.pageSize ?? 1000,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    if (first) columnInfo = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
    const pageRows = page.ResultSet?.Rows ?? [];
    // A SELECT's first row repeats the column names; DDL and SHOW results have no such header.
    const skip = first && execution.StatementType === 'DML' ? 1 : 0;
    for (const row of pageRows.slice(skip)) {
      rows.push(columnInfo.map((column, i) => toValue(row.Data?.[i]?.VarCharValue, column.Type)));
    }
    nextToken = page.NextToken;
    first = false;
  } while (nextToken);
  const bytesScanned = execution.Statistics?.DataScannedInBytes;
  return {
    columns: columnInfo.map((column) => ({ name: column.Name ?? '', type: column.Type ?? 'unknown' })),
    rows,
    returnsRows: columnInfo.length > 0,
    ...(bytesScanned === undefined ? {} : { bytesScanned }),
  };
}

/**
 * Runs SQL on Athena: start, poll until done (reporting progress), then page through the results.
 *
 * @example
 * const engine = createAthenaEngine({ api: athenaApi(new AthenaClient({})), database: 'analytics_db', workgroup: 'primary' });
 * const result = await engine.run('SELECT 1');
 */
export function createAthenaEngine(options: AthenaEngineOptions): QueryEngine {
  return {
    async run(sql) {
      const started = await call('StartQueryExecution', () =>
        options.api.startQueryExecution({
          QueryString: sql,
          QueryExecutionContext: { Database: options.database },
          ...(options.workgroup ? { WorkGroup: options.workgroup } : {}),
          ...(options.outputLocation
            ? { ResultConfiguration: { OutputLocation: options.outputLocation } }
            : {}),
        }),
      );
      const id = started.QueryExecutionId;
      if (!id) throw new AthenaRequestError('StartQueryExecution returned no QueryExecutionId');
      const execution = await waitForCompletion(options, id);
      return readResults(options, execution, id);
    },
    async close() {},
  };
}
