import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalEngine, type QueryEngine, rowObjects, splitSql } from '@analytics-tracker/query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import { type DashboardQueries, dayRange, PANEL_QUERY_NAMES, querySql, selectedApps } from '../src/index.js';
import { sendGroundTruth, type Truth } from './ground-truth.js';
import { dashboardAnswers, exampleAnswers, type TruthFilter } from './ground-truth-answers.js';
import { loadQueries } from './query-layer.js';

const examples = splitSql(
  await readFile(new URL('../../../sql/example-queries.sql', import.meta.url), 'utf8'),
);
const now = new Date();
const day = (back: number) => new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10);
// Inside the 30 days every example query reads.
const days: [string, string, string] = [day(2), day(1), day(0)];

let dataDir: string;
let truth: Truth;
let engine: QueryEngine;
let queries: DashboardQueries;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ground-truth-'));
  truth = await sendGroundTruth(dataDir, config, days);
  engine = await createLocalEngine({ dataDir, config });
  queries = await loadQueries();
}, 120_000);

afterAll(async () => {
  await engine?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('ground truth: every named query equals what the known mix says', () => {
  it.each(examples.map((statement) => statement.name ?? ''))('example query %s', async (name) => {
    const statement = examples.find((candidate) => candidate.name === name);
    const expected = exampleAnswers(truth)[name];
    expect(expected, `no independent answer for ${name}`).toBeDefined();
    expect(rowObjects(await engine.run(statement?.sql ?? ''))).toEqual(expected);
  });

  it.each(
    PANEL_QUERY_NAMES.flatMap((name) => [
      [name, 'app1'],
      [name, 'all'],
    ]),
  )('dashboard panel %s of %s over the three days', async (name, app) => {
    await expectPanel(name, app, []);
  });

  it('"30 days" covers the same days on the dashboard as in every example query', async () => {
    const bounds =
      /BETWEEN (date_format\(current_date - INTERVAL '\d+' DAY, '%Y-%m-%d'\)) AND (date_format\(current_date, '%Y-%m-%d'\))/;
    for (const statement of examples) {
      const [, first, last] = bounds.exec(statement.sql) ?? [];
      expect(first, statement.name).toBeDefined();
      // The example's own window, as the engine evaluates it today (UTC, as on Athena).
      const [window] = rowObjects(await engine.run(`SELECT ${first} AS "from", ${last} AS "to"`));
      const dashboard = dayRange('30d', { now: new Date() });
      expect(window, statement.name).toEqual({ from: dashboard.from, to: dashboard.to });
    }
  });

  it('the last-5-minutes case is not trivial: the truth has visitors in that window', () => {
    expect(dashboardAnswers(truth, ['app1', 'app2'], [], realtimeNow()).current_visitors).not.toEqual([
      { visitors: 0 },
    ]);
  });

  // Each filter as a click on the page sets it: a value of a panel, or two at once.
  const filterCases: [string, TruthFilter[]][] = [
    ['page /pricing', [{ param: 'page', value: '/pricing' }]],
    ['referrer Direct / None', [{ param: 'referrer', value: 'Direct / None' }]],
    ['referrer google.com', [{ param: 'referrer', value: 'google.com' }]],
    [
      'country DE and browser Chrome',
      [
        { param: 'country', value: 'DE' },
        { param: 'browser', value: 'Chrome' },
      ],
    ],
    ['utm_source twitter', [{ param: 'utm_source', value: 'twitter' }]],
    // Goals without a page view under the filter: the headline shows no visitors, so there is no CR.
    ['page /signup', [{ param: 'page', value: '/signup' }]],
    ["a page with a quote: /it's", [{ param: 'page', value: "/it's" }]],
  ];
  it.each(
    filterCases.flatMap(([label, filters]) =>
      PANEL_QUERY_NAMES.map((name) => [name, label, filters] as const),
    ),
  )('dashboard panel %s of all apps filtered by %s', async (name, _label, filters) => {
    await expectPanel(name, 'all', filters);
  });
});

// "Now" for the last-5-minutes figure: two of the truth's requests fall in the 5 minutes before it.
const realtimeNow = () => new Date(`${days[1]}T12:12:00.000Z`);

async function expectPanel(name: string, app: string, filters: readonly TruthFilter[]): Promise<void> {
  const apps = selectedApps(config.apps, app);
  const sql = querySql(
    queries,
    name,
    {
      database: config.glueDatabase,
      apps,
      range: dayRange('custom', { now, from: days[0], to: days[2] }),
      filters,
    },
    realtimeNow(),
  );
  const expected = dashboardAnswers(
    truth,
    apps.map((selected) => selected.name),
    filters,
    realtimeNow(),
  )[name];
  expect(expected, `no independent answer for ${name}`).toBeDefined();
  expect(rowObjects(await engine.run(sql))).toEqual(expected);
}
