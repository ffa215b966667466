import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AthenaApi } from '@analytics-tracker/query';
import type {
  GetQueryExecutionCommandOutput,
  GetQueryResultsCommandOutput,
  StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { describe, expect, it } from 'vitest';
import { type DashboardData, type DashboardServer, runDashboardCli } from '../src/index.js';
import { NOW } from './known-events.js';

type Execution = NonNullable<GetQueryExecutionCommandOutput['QueryExecution']>;
type Table = { columns: [name: string, type: string][]; rows: (string | null)[][] };

/** What the scripted Athena answers per named query (the `-- name:` comment leads each statement). */
const ANSWERS: Record<string, Table> = {
  headline: {
    columns: [
      ['page_views', 'bigint'],
      ['visitors', 'bigint'],
      ['sessions', 'bigint'],
      ['bounce_rate', 'double'],
      ['avg_session_seconds', 'double'],
    ],
    rows: [['1200', '340', '410', '41.5', '95.0']],
  },
  top_pages: {
    columns: [
      ['page', 'varchar'],
      ['views', 'bigint'],
      ['visitors', 'bigint'],
    ],
    rows: [
      ['/', '700', '300'],
      ['/pricing', '500', '120'],
    ],
  },
};

/**
 * A scripted Athena (none can run here), as in the query layer's own tests: it records every call,
 * answers each named query from ANSWERS (an empty result otherwise), or fails the way it is told.
 */
function fakeAthena(script: { startError?: Error; finalState?: Execution } = {}) {
  const started: StartQueryExecutionCommandInput[] = [];
  const names = new Map<string, string>();
  const api: AthenaApi = {
    async startQueryExecution(input) {
      started.push(input);
      if (script.startError) throw script.startError;
      const id = `q-${started.length}`;
      names.set(id, /^-- name: (\w+)/.exec(input.QueryString ?? '')?.[1] ?? '');
      return { QueryExecutionId: id, $metadata: {} };
    },
    async getQueryExecution() {
      return {
        QueryExecution: script.finalState ?? { Status: { State: 'SUCCEEDED' }, StatementType: 'DML' },
        $metadata: {},
      };
    },
    async getQueryResults(input): Promise<GetQueryResultsCommandOutput> {
      const table = ANSWERS[names.get(input.QueryExecutionId ?? '') ?? ''] ?? {
        columns: [['x', 'varchar']],
        rows: [],
      };
      const row = (values: (string | null)[]) => ({
        Data: values.map((value) => (value === null ? {} : { VarCharValue: value })),
      });
      return {
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: table.columns.map(([Name, Type]) => ({ Name, Type })) },
          Rows: [row(table.columns.map(([name]) => name)), ...table.rows.map(row)],
        },
        $metadata: {},
      };
    },
  };
  return { api, started };
}

async function withDashboard(
  api: AthenaApi,
  argv: string[],
  test: (server: DashboardServer) => Promise<void>,
): Promise<void> {
  const output: string[] = [];
  const { server, exitCode } = await runDashboardCli(['--athena', '--port', '0', ...argv], {
    cwd: resolve(import.meta.dirname, '../../..'),
    env: {},
    stdout: { write: (text: string) => output.push(text) },
    stderr: { write: (text: string) => output.push(text) },
    athena: () => api,
    clock: () => NOW,
  });
  expect(exitCode, output.join('')).toBe(0);
  if (!server) throw new Error(output.join(''));
  try {
    await test(server);
  } finally {
    await server.stop();
  }
}

describe('npm run dashboard -- --athena (scripted Athena)', () => {
  it('runs every panel’s named query on Athena in the workgroup, and shows what Athena returned', async () => {
    const { api, started } = fakeAthena();
    await withDashboard(
      api,
      ['--workgroup', 'analytics', '--output-location', 's3://results/dash/'],
      async (server) => {
        const data = (await (
          await fetch(`${server.url}/api/dashboard?app=app1&range=7d`)
        ).json()) as DashboardData;
        expect(data.backend).toBe('athena');
        expect(data.headline.current.rows).toEqual([
          { page_views: 1200, visitors: 340, sessions: 410, bounce_rate: 41.5, avg_session_seconds: 95 },
        ]);
        expect(data.tables[0]?.rows).toEqual([
          { page: '/', views: 700, visitors: 300 },
          { page: '/pricing', views: 500, visitors: 120 },
        ]);
        const page = await (await fetch(`${server.url}/panels?app=app1&range=7d`)).text();
        expect(page).toContain('<dd class="value">1,200</dd>');
        expect(page).toContain('<dd class="value">41.5%</dd>');
        expect(page).toContain('<dd class="value">1m 35s</dd>');
        // A row's label is the link that filters the page by it.
        expect(page).toContain('title="Show only /pricing">/pricing</a>');
        const shell = await (await fetch(`${server.url}/?app=app1&range=7d`)).text();
        expect(shell).toContain('Athena · us-east-1, workgroup analytics');
        expect(shell).not.toContain('Auto-refresh');
      },
    );
    // Two loads (/api/dashboard, /panels; the page shell runs none) of nineteen statements each: two
    // headline periods, the traffic chart of both periods, visitors in the last 5 minutes, 14 tables.
    expect(started).toHaveLength(38);
    for (const input of started) {
      expect(input).toMatchObject({
        WorkGroup: 'analytics',
        QueryExecutionContext: { Database: 'analytics_db' },
        ResultConfiguration: { OutputLocation: 's3://results/dash/' },
      });
      expect(input.QueryString).toContain('FROM analytics_db.app1_events_dedup');
      expect(input.QueryString).not.toContain('{{');
    }
    const headline = started
      .slice(0, 19)
      .filter((input) => input.QueryString?.startsWith('-- name: headline'));
    expect(
      headline.map((input) => /BETWEEN '([\d-]+)' AND '([\d-]+)'/.exec(input.QueryString ?? '')?.slice(1)),
    ).toEqual([
      // The partitions of each 7-day range, widened by a day on each side.
      ['2025-03-08', '2025-03-16'],
      ['2025-03-01', '2025-03-09'],
    ]);
  });

  it('"all apps" sends one UNION ALL over every configured app’s table', async () => {
    const { api, started } = fakeAthena();
    await withDashboard(api, [], async (server) => {
      expect((await fetch(`${server.url}/panels?app=all&range=today`)).status).toBe(200);
    });
    const sql =
      started.find((input) => input.QueryString?.startsWith('-- name: top_pages'))?.QueryString ?? '';
    expect(sql).toContain("SELECT 'app1' AS app, * FROM analytics_db.app1_events_dedup");
    expect(sql).toContain('UNION ALL');
    expect(sql).toContain("SELECT 'app2' AS app, * FROM analytics_db.app2_events_dedup");
    // The workgroup the deployment of this config created (terraform README's naming table:
    // `athena.workgroup`, else `<apiName>[-<environment>]-workgroup`), not Athena's `primary`.
    expect(started[0]?.WorkGroup).toBe('mycompany-analytics-api-workgroup');
  });

  it('with an environment, reads the database and workgroup that environment deployed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dashboard-env-'));
    const configFile = join(dir, 'staging.config.ts');
    await writeFile(
      configFile,
      `export default ${JSON.stringify({
        functionPrefix: 'mycompany',
        apiName: 'mycompany-analytics-api',
        environment: 'staging',
        apps: [{ name: 'app1', bucket: 'app1-analytics-staging' }],
      })};\n`,
    );
    await cp(resolve(import.meta.dirname, '../../../sql'), join(dir, 'sql'), { recursive: true });
    try {
      const { api, started } = fakeAthena();
      await withDashboard(api, ['--config', configFile], async (server) => {
        expect((await fetch(`${server.url}/panels?app=app1&range=today`)).status).toBe(200);
      });
      // Terraform README: the database is `<glueDatabase>_<environment>`, the workgroup
      // `<apiName>-<environment>-workgroup`.
      expect(started[0]?.WorkGroup).toBe('mycompany-analytics-api-staging-workgroup');
      const sql =
        started.find((input) => input.QueryString?.startsWith('-- name: top_pages'))?.QueryString ?? '';
      expect(sql).toContain('FROM analytics_db_staging.app1_events_dedup');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [
      'no credentials',
      {
        startError: Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        }),
      },
      'No AWS credentials',
      'Set AWS_PROFILE',
    ],
    [
      'an unknown workgroup',
      {
        startError: Object.assign(new Error('WorkGroup nope is not found.'), {
          name: 'InvalidRequestException',
        }),
      },
      'Athena refused the request',
      'Check the workgroup: npm run dashboard -- --athena --workgroup &lt;name&gt;',
    ],
    [
      'the bytes-scanned limit',
      {
        finalState: {
          Status: {
            State: 'CANCELLED',
            StateChangeReason: 'Query cancelled! : Bytes scanned limit was exceeded',
          },
        } as Execution,
      },
      'Stopped by the workgroup’s data-scanned limit',
      'Pick a shorter date range.',
    ],
  ])('says what failed: %s', async (_, script, title, hint) => {
    const { api } = fakeAthena(script);
    await withDashboard(api, [], async (server) => {
      const response = await fetch(`${server.url}/panels?app=app1&range=30d`);
      expect(response.status).toBe(200);
      const page = await response.text();
      expect(page).toContain(`Could not load the figures: ${title}`);
      expect(page).toContain(hint);
      // One error panel, not the same message in every panel.
      expect(page.match(/role="alert"/g)).toHaveLength(1);
    });
  });
});
