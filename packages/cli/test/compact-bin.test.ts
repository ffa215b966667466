import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SeedRequest, seedEvents } from '@analytics-tracker/local';
import { TEST_VISITORS } from '@analytics-tracker/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import { BIN, cleanEnv, run, runWithRelativeDataDir } from './tracker-helpers.js';

const DAY_MS = 86_400_000;
const { A, B } = TEST_VISITORS;
const now = new Date();
const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
const dayOf = (back: number) => new Date(today - back * DAY_MS).toISOString().slice(0, 10);
const noon = (back: number) => new Date(today - back * DAY_MS + 12 * 3_600_000);

/** One event sent twice (its id the same), in two batches: two stored rows, one event. */
const twice = {
  eventId: 'compact-twice-0001',
  eventType: 'page_view',
  timestamp: new Date(noon(1).getTime() - 60_000).toISOString(),
  page: '/twice',
};
const view = (back: number, page: string, second: number) => ({
  eventType: 'page_view',
  timestamp: new Date(noon(back).getTime() - second * 1000).toISOString(),
  page,
});
/** Complete days (yesterday, two days ago) of two apps, and today, which compaction leaves alone. */
const REQUESTS: SeedRequest[] = [
  { bucket: 'app1-analytics-prod', visitor: A, at: noon(2), events: [view(2, '/', 3), view(2, '/a', 2)] },
  { bucket: 'app1-analytics-prod', visitor: A, at: noon(1), events: [view(1, '/', 5), twice] },
  { bucket: 'app1-analytics-prod', visitor: B, at: noon(1), events: [twice, view(1, '/b', 4)] },
  { bucket: 'app2-analytics-staging', visitor: B, at: noon(1), events: [view(1, '/c', 1)] },
  { bucket: 'app1-analytics-prod', visitor: B, at: now, events: [view(0, '/today', 1)] },
];

/** Per app and past day: rows as stored, and events once each (by eventId, else each row is one). */
function expectedDays(): { app: string; day: string; stored: number; events: number }[] {
  const days = new Map<string, { stored: number; ids: Set<string> }>();
  REQUESTS.forEach((request, r) => {
    const day = request.at.toISOString().slice(0, 10);
    if (day === dayOf(0)) return;
    const app = config.apps.find((candidate) => candidate.bucket === request.bucket)?.name ?? '';
    const entry = days.get(`${app} ${day}`) ?? { stored: 0, ids: new Set<string>() };
    request.events.forEach((event, i) => {
      entry.stored += 1;
      entry.ids.add(event.eventId ?? `${r}-${i}`);
    });
    days.set(`${app} ${day}`, entry);
  });
  return [...days]
    .map(([key, { stored, ids }]) => {
      const [app = '', day = ''] = key.split(' ');
      return { app, day, stored, events: ids.size };
    })
    .sort((x, y) => (x.app === y.app ? (x.day < y.day ? -1 : 1) : x.app < y.app ? -1 : 1));
}

let scratch: string;
let dataDir: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'tracker-compact-'));
  dataDir = join(scratch, 'data');
  await seedEvents(dataDir, config, REQUESTS);
}, 120_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('npx tracker compact', () => {
  it('stdout: only the summary; stderr: one progress line per app and day; Parquet files written', async () => {
    const { code, stdout, stderr } = await run(process.execPath, [BIN, 'compact', '--data-dir', dataDir]);
    const days = expectedDays();
    expect(code).toBe(0);
    const events = days.reduce((sum, day) => sum + day.events, 0);
    expect(stdout).toBe(`Compacted ${days.length} app-day(s), ${events} rows, into ${dataDir}.\n`);
    const progress = stderr.trimEnd().split('\n');
    expect(progress.map((line) => line.replace(/, [\d.]+ KB Parquet$/, '')).sort()).toEqual(
      days.map(
        ({ app, day, stored, events: rows }) => `compact ${app} ${day}: ${stored} stored rows → ${rows} rows`,
      ),
    );
    const app1 = await readdir(join(dataDir, 's3', 'app1-analytics-prod', 'compacted'), { recursive: true });
    expect(app1.filter((file) => file.endsWith('.parquet'))).toHaveLength(2);

    // Compacted: the same figures through the query command, today's raw events included.
    const views = await run(process.execPath, [
      BIN,
      'query',
      '--data-dir',
      dataDir,
      '--format',
      'json',
      "SELECT COUNT(*) AS n FROM analytics_db.app1_events_dedup WHERE eventType = 'page_view'",
    ]);
    expect(views.code).toBe(0);
    const sentToApp1 = REQUESTS.filter((request) => request.bucket === 'app1-analytics-prod');
    const distinct = new Set(
      sentToApp1.flatMap((request, r) => request.events.map((event, i) => event.eventId ?? `${r}-${i}`)),
    );
    expect(JSON.parse(views.stdout)).toEqual([{ n: distinct.size }]);
  }, 90_000);

  it('--help on stdout (exit 0); a missing data folder is named with its absolute path (exit 1)', async () => {
    const help = await run(process.execPath, [BIN, 'compact', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('npm run compact -- --day 2026-11-28');
    expect(help.stdout).toContain('npx tracker compact');

    // Typed elsewhere, with a relative folder: the message names the folder it resolved.
    const { finished: missing, folder } = await runWithRelativeDataDir(
      scratch,
      ['compact'],
      'no-such-folder',
    );
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain(`No events to compact: the data folder ${folder} does not exist.`);
  }, 60_000);

  it('npm run compact without `--`: the corrected command (exit 2), nothing compacted', async () => {
    const { code, stderr } = await run('npm', ['run', 'compact', '--day', dayOf(1)], {
      env: cleanEnv({ DATA_DIR: dataDir }),
    });
    expect(code).toBe(2);
    expect(stderr).toContain(`  npm run compact -- --day ${dayOf(1)}\n`);
  }, 60_000);
});
