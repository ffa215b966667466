import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLocalEngine,
  type QueryEngine,
  rowObjects,
  runCompactCli,
  splitSql,
} from '@analytics-tracker/query';
import type { JsonValue } from '@analytics-tracker/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import { type DashboardQueries, dayRange, PANEL_QUERY_NAMES, querySql, selectedApps } from '../src/index.js';
import { sendGroundTruth, type Truth } from './ground-truth.js';
import { dashboardAnswers, exampleAnswers } from './ground-truth-answers.js';
import { loadQueries } from './query-layer.js';

// The done-test of compaction: on the ground-truth mix (three UTC days with retries across midnight,
// an event resent the next day, reused ids, wild clocks, bots, two apps), every named query and every
// dashboard panel answers the same before and after `npm run compact`, both equal to the answers
// computed from what was sent, and compacting again changes nothing.

const examples = splitSql(
  await readFile(new URL('../../../sql/example-queries.sql', import.meta.url), 'utf8'),
);
const repoRoot = new URL('../../../', import.meta.url).pathname;
const now = new Date();
const day = (back: number) => new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10);
const days: [string, string, string] = [day(2), day(1), day(0)];
const [d0, d1, d2] = days;
// The "visitors in the last 5 minutes" panel needs a fixed time, the same on both sides.
const realtimeNow = new Date(`${d1}T12:12:00.000Z`);

type Answers = Record<string, Record<string, JsonValue>[]>;

let dataDir: string;
let truth: Truth;
let queries: DashboardQueries;
let before: Answers;

const panels = PANEL_QUERY_NAMES.flatMap((name) => [`${name}|app1`, `${name}|all`]);

/** Every named query and every panel (app1 and all apps) over the three days, on a fresh engine. */
async function allAnswers(): Promise<Answers> {
  const engine: QueryEngine = await createLocalEngine({ dataDir, config });
  try {
    const answers: Answers = {};
    for (const statement of examples) {
      answers[`example ${statement.name}`] = rowObjects(await engine.run(statement.sql));
    }
    for (const panel of panels) {
      const [name = '', app = ''] = panel.split('|');
      const sql = querySql(
        queries,
        name,
        {
          database: config.glueDatabase,
          apps: selectedApps(config.apps, app),
          range: dayRange('custom', { now, from: d0, to: d2 }),
        },
        realtimeNow,
      );
      answers[`panel ${panel}`] = rowObjects(await engine.run(sql));
    }
    return answers;
  } finally {
    await engine.close();
  }
}

/** The answers computed from what was sent alone. */
function independentAnswers(): Answers {
  const answers: Answers = {};
  const examplesExpected = exampleAnswers(truth);
  for (const statement of examples) {
    answers[`example ${statement.name}`] = examplesExpected[statement.name ?? ''] ?? [];
  }
  for (const panel of panels) {
    const [name = '', app = ''] = panel.split('|');
    const apps = selectedApps(config.apps, app).map((selected) => selected.name);
    answers[`panel ${panel}`] = dashboardAnswers(truth, apps, [], realtimeNow)[name] ?? [];
  }
  return answers;
}

async function compact(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCompactCli(['--data-dir', dataDir, ...args], {
    cwd: repoRoot,
    env: {},
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    now: () => now,
  });
  return { code, stdout, stderr };
}

const compactedFile = (app: 'app1' | 'app2', text: string) => {
  const bucket = config.apps.find((candidate) => candidate.name === app)?.bucket ?? '';
  const [year, month, dd] = text.split('-');
  return join(
    dataDir,
    's3',
    bucket,
    'compacted',
    `year=${year}`,
    `month=${month}`,
    `day=${dd}`,
    'events.parquet',
  );
};
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'compaction-'));
  truth = await sendGroundTruth(dataDir, config, days);
  queries = await loadQueries();
  before = await allAnswers();
}, 300_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run compact on the ground truth', () => {
  it('before compaction, every query and panel equals the independent answers', () => {
    expect(before).toEqual(independentAnswers());
  });

  it('compacts every complete day up to yesterday (UTC), one line per app and day on stderr', async () => {
    const { code, stdout, stderr } = await compact();
    expect(code).toBe(0);
    // app1 stored events on d0 and d1 (and today, which is not complete); app2 only today.
    const lines = stderr.trim().split('\n');
    expect(lines.map((line) => line.split(':')[0])).toEqual([`compact app1 ${d0}`, `compact app1 ${d1}`]);
    // Rows per day: the first stored copy of each event, counted from what was sent.
    for (const [line, text] of [
      [lines[0], d0],
      [lines[1], d1],
    ] as const) {
      const counted = truth.events.filter((e) => e.app === 'app1' && e.serverTime.startsWith(text)).length;
      expect(line).toContain(`→ ${counted} rows`);
    }
    expect(stdout).toContain('Compacted 2 app-day(s)');
    expect(await exists(compactedFile('app1', d0))).toBe(true);
    expect(await exists(compactedFile('app1', d1))).toBe(true);
    expect(await exists(compactedFile('app1', d2))).toBe(false);
    expect(await exists(compactedFile('app2', d2))).toBe(false);
  });

  it('after compaction, every query and panel gives the same answers, equal to the independent ones', async () => {
    const after = await allAnswers();
    expect(after).toEqual(before);
    expect(after).toEqual(independentAnswers());
  }, 180_000); // about 40 queries on a fresh engine: over a minute on a loaded 2-core machine

  it('the compacted days hold exactly the counted events, so no day is read from both sides', async () => {
    const engine = await createLocalEngine({ dataDir, config });
    try {
      const rows = rowObjects(
        await engine.run(
          `SELECT year || '-' || month || '-' || day AS d, count(*) AS n FROM ${config.glueDatabase}.app1_events_compacted GROUP BY 1 ORDER BY 1`,
        ),
      );
      const counted = (text: string) =>
        truth.events.filter((e) => e.app === 'app1' && e.serverTime.startsWith(text)).length;
      expect(rows).toEqual([
        { d: d0, n: counted(d0) },
        { d: d1, n: counted(d1) },
      ]);
    } finally {
      await engine.close();
    }
  });

  it('compacting again changes nothing: nothing left to do, and --day rewrites the same rows', async () => {
    const again = await compact();
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
    expect(again.stdout).toContain('Nothing to compact');

    const redo = await compact('--app', 'app1', '--day', d1);
    expect(redo.code).toBe(0);
    expect(redo.stderr.trim().split('\n')).toHaveLength(1);
    expect(await allAnswers()).toEqual(before);
  });

  it('refuses a day that has not ended, an unknown app and a day that does not exist', async () => {
    const today = await compact('--day', d2);
    expect(today.code).toBe(2);
    expect(today.stderr).toContain('has not ended yet');
    expect(await exists(compactedFile('app1', d2))).toBe(false);

    const unknown = await compact('--app', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('apps: app1, app2');

    const bad = await compact('--day', '2025-02-30');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Not a day');
  });
});
