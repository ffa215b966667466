import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import { type AthenaApi, runQueryCli } from '../src/index.js';
import { sendKnownEvents, testDays } from './query-fixture.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const days = testDays();
let dataDir: string;

async function cli(argv: string[], athena?: AthenaApi, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runQueryCli(argv, {
    cwd: root,
    env,
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    ...(athena ? { athena: () => athena } : {}),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'query-cli-'));
  await sendKnownEvents(dataDir, config, days);
}, 60_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run query', () => {
  it('refuses a config with a misspelt key, naming the key it resembles', async () => {
    const typo = join(dataDir, 'typo.mjs');
    await writeFile(typo, "export default { allowedBuckets: [], corsOrgin: 'https://shop.example.com' };\n");
    const { code, stderr } = await cli(['--name', 'daily_page_views'], undefined, { TRACKER_CONFIG: typo });
    expect(code).toBe(1);
    expect(stderr).toContain('unknown key "corsOrgin" (did you mean "corsOrigin"?)');
  });

  // The d2 partition holds only a bot's view (left out) and a second copy of a d1 event, which the
  // reading view drops; d0 holds two human views and a bot's.
  it('--name runs one example query locally and prints a table', async () => {
    const [y0, m0, dd0] = days[0].split('-');
    const [y1, m1, dd1] = days[1].split('-');
    const { code, stdout } = await cli(['--name', 'daily_page_views', '--data-dir', dataDir]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('year | month | day | views');
    expect(lines[2]).toBe(`${y1} | ${m1}    | ${dd1}  |     5`);
    expect(lines[3]).toBe(`${y0} | ${m0}    | ${dd0}  |     2`);
    expect(lines.at(-1)).toBe('(2 rows)');
  });

  it('--format csv exports a query result', async () => {
    const { code, stdout } = await cli([
      '--data-dir',
      dataDir,
      '--format',
      'csv',
      '--name',
      'top_referrer_domains',
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe('referrer_domain,views\r\ngoogle.com,2\r\nnews.ycombinator.com,1\r\nt.co,1\r\n');
  });

  it('runs SQL text as json', async () => {
    const { stdout } = await cli([
      '--data-dir',
      dataDir,
      '--format',
      'json',
      "SELECT count(*) AS n FROM analytics_db.app2_events WHERE year >= '2024'",
    ]);
    expect(JSON.parse(stdout)).toEqual([{ n: 2 }]);
  });

  // The dashboard's "Show SQL" text starts with its `-- name:` comment; pasted as it is, it runs.
  it('runs SQL text that starts with a -- comment line', async () => {
    const { code, stdout, stderr } = await cli([
      '--data-dir',
      dataDir,
      '--format',
      'json',
      "-- name: app2 count\nSELECT count(*) AS n FROM analytics_db.app2_events WHERE year >= '2024'",
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([{ n: 2 }]);
  });

  it('says which names exist when --name matches none', async () => {
    const { code, stderr } = await cli(['--name', 'daily_pageviews', '--data-dir', dataDir]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      'No query named "daily_pageviews". Available: daily_page_views, device_breakdown',
    );
  });

  it('rejects bad arguments with usage', async () => {
    const { code, stderr } = await cli(['--format', 'xml', 'SELECT 1']);
    expect(code).toBe(2);
    expect(stderr).toBe('--format must be one of table, csv, json (got "xml")\n');
  });

  it('--athena sends the same SQL text to Athena, with a progress line on stderr', async () => {
    const sent: string[] = [];
    const athena: AthenaApi = {
      startQueryExecution: async (input) => {
        sent.push(input.QueryString ?? '');
        return { QueryExecutionId: 'q-9', $metadata: {} };
      },
      getQueryExecution: async () => ({
        QueryExecution: {
          Status: { State: 'SUCCEEDED' },
          StatementType: 'DML',
          Statistics: { DataScannedInBytes: 0 },
        },
        $metadata: {},
      }),
      getQueryResults: async () => ({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: [{ Name: 'views', Type: 'bigint' }] },
          Rows: [{ Data: [{ VarCharValue: 'views' }] }, { Data: [{ VarCharValue: '7' }] }],
        },
        $metadata: {},
      }),
    };
    const { code, stdout, stderr } = await cli(
      ['--athena', '--name', 'daily_page_views', '--format', 'csv'],
      athena,
    );
    expect(code).toBe(0);
    expect(sent[0]).toContain('FROM analytics_db.app1_events_dedup');
    expect(sent[0]).toMatch(/^-- name: daily_page_views\n/);
    expect(stderr).toBe('Athena q-9: SUCCEEDED, 0.0 s, 0.0 MB scanned\n');
    expect(stdout).toBe('views\r\n7\r\n');
  });
});
