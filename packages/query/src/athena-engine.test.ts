import type {
  GetQueryExecutionCommandInput,
  GetQueryExecutionCommandOutput,
  GetQueryResultsCommandInput,
  GetQueryResultsCommandOutput,
  QueryExecutionState,
  StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { describe, expect, it } from 'vitest';
import { type AthenaApi, type AthenaProgress, createAthenaEngine } from './athena-engine.js';
import {
  AthenaBytesScannedLimitError,
  AthenaCredentialsError,
  AthenaQueryFailedError,
  AthenaRequestError,
} from './errors.js';

type Execution = NonNullable<GetQueryExecutionCommandOutput['QueryExecution']>;

/**
 * A scripted Athena: no Athena runs here, so this fake replays what the API returns (states per poll,
 * result pages) and records every call, to test polling, paging and error handling.
 */
function fakeAthena(script: {
  states?: Execution[];
  pages?: GetQueryResultsCommandOutput[];
  startError?: Error;
}) {
  const calls = {
    start: [] as StartQueryExecutionCommandInput[],
    poll: [] as GetQueryExecutionCommandInput[],
    results: [] as GetQueryResultsCommandInput[],
  };
  const states = [...(script.states ?? [])];
  const api: AthenaApi = {
    async startQueryExecution(input) {
      calls.start.push(input);
      if (script.startError) throw script.startError;
      return { QueryExecutionId: 'q-1', $metadata: {} };
    },
    async getQueryExecution(input) {
      calls.poll.push(input);
      const next = states.length > 1 ? states.shift() : states[0];
      return { QueryExecution: next, $metadata: {} };
    },
    async getQueryResults(input) {
      calls.results.push(input);
      const index = input.NextToken ? Number(input.NextToken) : 0;
      const page = script.pages?.[index];
      if (!page) throw new Error(`no page ${index}`);
      return page;
    },
  };
  return { api, calls };
}

const state = (State: QueryExecutionState, extra: Partial<Execution> = {}): Execution => ({
  Status: { State },
  StatementType: 'DML',
  Statistics: { TotalExecutionTimeInMillis: 1200, DataScannedInBytes: 2 * 1024 * 1024 },
  ...extra,
});

const columns = [
  { Name: 'day', Type: 'varchar' },
  { Name: 'views', Type: 'bigint' },
  { Name: 'is_bot', Type: 'boolean' },
];
const row = (...values: (string | undefined)[]) => ({
  Data: values.map((value) => (value === undefined ? {} : { VarCharValue: value })),
});

describe('createAthenaEngine', () => {
  it('starts the query in the workgroup, polls until it succeeds, and pages through every result', async () => {
    const { api, calls } = fakeAthena({
      states: [state('QUEUED'), state('RUNNING'), state('RUNNING'), state('SUCCEEDED')],
      pages: [
        {
          ResultSet: {
            ResultSetMetadata: { ColumnInfo: columns },
            Rows: [row('day', 'views', 'is_bot'), row('17', '3', 'false')],
          },
          NextToken: '1',
          $metadata: {},
        },
        {
          ResultSet: {
            ResultSetMetadata: { ColumnInfo: columns },
            Rows: [row('18', '1', 'true'), row(undefined, '0', undefined)],
          },
          $metadata: {},
        },
      ],
    });
    const progress: AthenaProgress[] = [];
    const waits: number[] = [];
    const engine = createAthenaEngine({
      api,
      database: 'analytics_db',
      workgroup: 'analytics',
      outputLocation: 's3://results/q/',
      onProgress: (update) => progress.push(update),
      sleep: async (ms) => {
        waits.push(ms);
      },
    });

    const result = await engine.run('SELECT 1');

    expect(calls.start).toEqual([
      {
        QueryString: 'SELECT 1',
        QueryExecutionContext: { Database: 'analytics_db' },
        WorkGroup: 'analytics',
        ResultConfiguration: { OutputLocation: 's3://results/q/' },
      },
    ]);
    expect(progress.map((update) => update.state)).toEqual(['QUEUED', 'RUNNING', 'RUNNING', 'SUCCEEDED']);
    expect(progress[0]).toEqual({
      queryExecutionId: 'q-1',
      state: 'QUEUED',
      elapsedMs: 1200,
      bytesScanned: 2097152,
    });
    expect(waits).toHaveLength(3);
    expect(calls.results.map((call) => call.NextToken)).toEqual([undefined, '1']);
    expect(result.columns.map((column) => column.name)).toEqual(['day', 'views', 'is_bot']);
    // The header row of the first page is dropped; types become JS values; a missing value is NULL.
    expect(result.rows).toEqual([
      ['17', 3, false],
      ['18', 1, true],
      [null, 0, null],
    ]);
    expect(result.bytesScanned).toBe(2097152);
  });

  it('keeps the first row of DDL results, which have no header row', async () => {
    const { api } = fakeAthena({
      states: [state('SUCCEEDED', { StatementType: 'UTILITY' })],
      pages: [
        {
          ResultSet: {
            ResultSetMetadata: { ColumnInfo: [{ Name: 'tab_name', Type: 'string' }] },
            Rows: [row('app1_events')],
          },
          $metadata: {},
        },
      ],
    });
    const result = await createAthenaEngine({ api, database: 'analytics_db', sleep: async () => {} }).run(
      'SHOW TABLES',
    );
    expect(result.rows).toEqual([['app1_events']]);
  });

  it('reports a failed query with Athena’s reason', async () => {
    const { api } = fakeAthena({
      states: [
        state('RUNNING'),
        state('FAILED', {
          Status: {
            State: 'FAILED',
            StateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved",
          },
        }),
      ],
    });
    const engine = createAthenaEngine({ api, database: 'analytics_db', sleep: async () => {} });
    const error = await engine.run('SELECT nope').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AthenaQueryFailedError);
    expect(error).toMatchObject({
      code: 'ATHENA_QUERY_FAILED',
      message: "Athena query q-1 FAILED: COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved",
    });
  });

  it('explains a query stopped by the workgroup’s bytes-scanned limit', async () => {
    const { api } = fakeAthena({
      states: [
        state('CANCELLED', {
          Status: {
            State: 'CANCELLED',
            StateChangeReason: 'Query cancelled! : Bytes scanned limit was exceeded',
          },
        }),
      ],
    });
    const error = await createAthenaEngine({ api, database: 'analytics_db', sleep: async () => {} })
      .run('SELECT * FROM analytics_db.app1_events')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AthenaBytesScannedLimitError);
    expect((error as Error).message).toContain('Narrow the partition filter (year/month/day)');
  });

  it('says so when there are no AWS credentials', async () => {
    const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    const { api, calls } = fakeAthena({ startError: noCredentials });
    const error = await createAthenaEngine({ api, database: 'analytics_db' })
      .run('SELECT 1')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AthenaCredentialsError);
    expect((error as Error).message).toContain('run without --athena');
    expect(calls.poll).toEqual([]);
  });

  it('points to --output-location when Athena has nowhere to write results', async () => {
    const noOutput = Object.assign(
      new Error('No output location provided. An output location is required.'),
      {
        name: 'InvalidRequestException',
      },
    );
    const { api } = fakeAthena({ startError: noOutput });
    const error = await createAthenaEngine({ api, database: 'analytics_db' })
      .run('SELECT 1')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AthenaRequestError);
    expect((error as Error).message).toBe(
      'Athena request failed: StartQueryExecution: InvalidRequestException: No output location provided. An output location is required. ' +
        'Pass --output-location s3://<bucket>/<prefix>/ or set athena.resultsLocation in tracker.config.ts.',
    );
  });
});
