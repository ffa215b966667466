import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SeedRequest, type SeedVisitor, seedEvents } from '@analytics-tracker/local';
import { TEST_USER_AGENTS } from '@analytics-tracker/testkit';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import { BIN, cleanEnv, ROOT, run, runWithRelativeDataDir } from './tracker-helpers.js';

const DAY_MS = 86_400_000;
const BUCKET = 'app1-analytics-prod';
// Two visitors on one browser (C shares A's user agent), so visitors differ by address alone.
const A: SeedVisitor = { ip: '203.0.113.10', userAgent: TEST_USER_AGENTS.chromeWindows };
const B: SeedVisitor = { ip: '198.51.100.7', userAgent: TEST_USER_AGENTS.safariIphone };
const C: SeedVisitor = { ip: '192.0.2.44', userAgent: TEST_USER_AGENTS.chromeWindows };

/** What the test sends: on `back` days before today, `visitor` views each page of `pages`. */
interface Visit {
  back: number;
  visitor: SeedVisitor;
  pages: string[];
}
// Pages with a comma and quotes, so the CSV must quote them; 30 and 31 days back lie outside the
// last 30 days (today and the 29 days before), 29 days back inside.
const VISITS: Visit[] = [
  { back: 0, visitor: A, pages: ['/', '/', '/', '/pricing', '/pricing', '/search,results?q=1'] },
  { back: 0, visitor: B, pages: ['/', '/say-"hi"', '/say-"hi"?utm_source=x'] },
  { back: 29, visitor: A, pages: ['/pricing', '/pricing', '/pricing', '/pricing'] },
  { back: 29, visitor: C, pages: ['/'] },
  { back: 30, visitor: A, pages: ['/old', '/old', '/old', '/old', '/old', '/'] },
  { back: 31, visitor: B, pages: ['/older'] },
];

const now = new Date();
const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
const dayOf = (back: number) => new Date(today - back * DAY_MS).toISOString().slice(0, 10);

let dataDir: string;
let scratch: string;

beforeAll(async () => {
  // One build before the tests, so parallel test files never build at once.
  const built = spawnSync(process.execPath, [join(ROOT, 'packages/cli/scripts/bundle.mjs')], {
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(built.stderr);
  scratch = await mkdtemp(join(tmpdir(), 'tracker-bin-'));
  dataDir = join(scratch, 'data');
  const requests: SeedRequest[] = VISITS.map(({ back, visitor, pages }) => {
    const at = new Date(Math.min(now.getTime(), today - back * DAY_MS + 12 * 3_600_000));
    return {
      bucket: BUCKET,
      visitor,
      at,
      events: [
        ...pages.map((page, i) => ({
          eventType: 'page_view',
          timestamp: new Date(at.getTime() - (pages.length - i) * 1000).toISOString(),
          page,
          sessionId: `s-${back}-${visitor.ip}`,
        })),
        { eventType: 'signup', timestamp: new Date(at.getTime() - 500).toISOString(), page: '/signup' },
      ],
    };
  });
  await seedEvents(dataDir, config, requests);
}, 120_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** top_pages computed from what was sent: views and visitors per path over the last 30 days. */
function expectedTopPages(): { path: string; views: string; visitors: string }[] {
  const byPath = new Map<string, { views: number; visitors: Set<string> }>();
  for (const { back, visitor, pages } of VISITS.filter((visit) => visit.back <= 29)) {
    for (const page of pages) {
      const path = page.split('?')[0] ?? page;
      const entry = byPath.get(path) ?? { views: 0, visitors: new Set<string>() };
      entry.views += 1;
      // visitorId is a daily hash of the visitor: the same visitor on two days counts twice.
      entry.visitors.add(`${visitor.ip} ${visitor.userAgent} ${back}`);
      byPath.set(path, entry);
    }
  }
  return [...byPath]
    .sort(([a, x], [b, y]) => y.views - x.views || (a < b ? -1 : 1))
    .map(([path, { views, visitors }]) => ({ path, views: String(views), visitors: String(visitors.size) }));
}

describe('npx tracker query', () => {
  it('> top.csv is a clean CSV: a CSV parser reads back the rows computed from what was sent', async () => {
    const file = join(scratch, 'top.csv');
    const shell = await run(
      'sh',
      ['-c', `npx tracker query --name top_pages --format csv --data-dir "$1" > "$2"`, 'sh', dataDir, file],
      { env: cleanEnv() },
    );
    expect(shell.stderr).toBe('');
    expect(shell.code).toBe(0);
    const rows = parse(await readFile(file, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toEqual(expectedTopPages());
  }, 60_000);

  it('"the last 30 days" is today and the 29 days before: the day 30 days back is left out', async () => {
    const { code, stdout } = await run(process.execPath, [
      BIN,
      'query',
      '--name',
      'daily_page_views',
      '--format',
      'json',
      '--data-dir',
      dataDir,
    ]);
    expect(code).toBe(0);
    const days = (JSON.parse(stdout) as { year: string; month: string; day: string; views: number }[]).map(
      (row) => [`${row.year}-${row.month}-${row.day}`, row.views],
    );
    const views = (back: number) =>
      VISITS.filter((visit) => visit.back === back).reduce((sum, visit) => sum + visit.pages.length, 0);
    expect(days).toEqual([
      [dayOf(0), views(0)],
      [dayOf(29), views(29)],
    ]);
  }, 60_000);

  it('a data folder that does not exist: says so, naming it, exit 1, nothing on stdout', async () => {
    const missing = join(scratch, 'no-such-folder');
    const { code, stdout, stderr } = await run(process.execPath, [
      BIN,
      'query',
      '--name',
      'top_pages',
      '--data-dir',
      missing,
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`No events to query: the data folder ${missing} does not exist.`);

    // A relative --data-dir, typed in another folder: named as the absolute folder it meant.
    const { finished: relative, folder } = await runWithRelativeDataDir(
      scratch,
      ['query', '--name', 'top_pages'],
      'dta',
    );
    expect(relative.code).toBe(1);
    expect(relative.stdout).toBe('');
    expect(relative.stderr).toContain(`No events to query: the data folder ${folder} does not exist.`);
  }, 60_000);

  it('a data folder with no events (npm run offline started, nothing sent): says so, exit 1', async () => {
    const empty = join(scratch, 'empty');
    await mkdir(join(empty, 's3', BUCKET), { recursive: true });
    const { code, stdout, stderr } = await run(process.execPath, [BIN, 'query', '--name', 'top_pages'], {
      env: cleanEnv({ DATA_DIR: empty }),
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`No events to query: the data folder ${empty} holds no events.`);
  }, 60_000);

  it('npm run query without `--`: prints the corrected command instead of running without the flags', async () => {
    const { code, stderr } = await run('npm', ['run', 'query', '--name', 'top_pages', '--format', 'csv'], {
      env: cleanEnv({ DATA_DIR: dataDir }),
    });
    expect(code).toBe(2);
    expect(stderr).toContain('npm took --name, --format for itself');
    expect(stderr).toContain('  npm run query -- --name top_pages --format csv\n');
  }, 60_000);

  it('npm run query -- … prints npm banner then the result; the bin prints only the result', async () => {
    const viaNpm = await run('npm', ['run', 'query', '--', '--name', 'top_pages', '--format', 'csv'], {
      env: cleanEnv({ DATA_DIR: dataDir }),
    });
    const viaBin = await run(process.execPath, [BIN, 'query', '--name', 'top_pages', '--format', 'csv'], {
      env: cleanEnv({ DATA_DIR: dataDir }),
    });
    expect(viaNpm.code).toBe(0);
    expect(viaBin.code).toBe(0);
    expect(viaNpm.stdout).toContain('> tracker query --name top_pages --format csv');
    expect(viaNpm.stdout.endsWith(viaBin.stdout)).toBe(true);
    expect(viaBin.stdout.startsWith('path,views,visitors\r\n')).toBe(true);
  }, 60_000);

  it('a TypeScript config with a misspelt key: refused, naming the file and the key it resembles', async () => {
    const typo = join(scratch, 'typo.config.ts');
    const schema = join(ROOT, 'packages/schema/src/index.ts');
    await writeFile(
      typo,
      `import { defineConfig } from '${schema}';\nexport default defineConfig({ allowedBuckets: [], corsOrgin: '*' } as never);\n`,
    );
    const { code, stdout, stderr } = await run(process.execPath, [
      BIN,
      'query',
      '--config',
      typo,
      '--name',
      'top_pages',
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `${typo}: Invalid tracker config:\n  - unknown key "corsOrgin" (did you mean "corsOrigin"?)\n`,
    );
  }, 60_000);

  it('without a command, or with an unknown one, lists the commands (exit 2)', async () => {
    const none = await run(process.execPath, [BIN]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Commands:\n {2}query .*\n {2}dashboard .*\n {2}offline .*\n {2}compact /);
    const unknown = await run(process.execPath, [BIN, 'qeury']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'tracker: unknown command "qeury". Commands: query, dashboard, offline, compact\n',
    );
  }, 60_000);
});
