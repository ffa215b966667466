import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOffline } from '@analytics-tracker/local';
import type { EventFields } from '@analytics-tracker/schema';
import { TEST_USER_AGENTS as UA } from '@analytics-tracker/testkit';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import {
  createLocalEngine,
  formatResult,
  LOCAL_CACHE_FILE,
  runCompactCli,
  runQueryCli,
} from '../src/index.js';
import { sendKnownEvents, testDays } from './query-fixture.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const days = testDays();
let dataDir: string;
let cacheFile: string;

/** Every row of each table a query can read, in a fixed order: what "equal to a fresh read" means. */
const TABLES = ['app1_events_dedup', 'app1_events', 'app2_events_dedup', 'app2_events'].map(
  (table) => `SELECT * FROM analytics_db.${table} ORDER BY ALL`,
);

/** The query CLI (which reads through the cache), as a user runs it; JSON on stdout. */
async function cli(sql: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runQueryCli(['--data-dir', dataDir, '--format', 'json', sql], {
    cwd: root,
    env: {},
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** The same statement over the stored files themselves, without the cache (a fresh read). */
async function fresh(sql: string): Promise<string> {
  const engine = await createLocalEngine({ dataDir, config });
  try {
    return `${formatResult(await engine.run(sql), 'json')}\n`;
  } finally {
    await engine.close();
  }
}

/** Each table through the CLI equals a fresh read of the files, and holds rows. */
async function expectSameAsFresh(): Promise<string[]> {
  const notes: string[] = [];
  for (const sql of TABLES) {
    const { code, stdout, stderr } = await cli(sql);
    expect(code, stderr).toBe(0);
    expect(stdout).toBe(await fresh(sql));
    notes.push(stderr);
  }
  expect(JSON.parse((await cli(TABLES[0] ?? '')).stdout).length).toBeGreaterThan(0);
  return notes;
}

/** Stores events through the real offline server, the handler's clock set just after them. */
async function send(visitorUserAgent: string, events: EventFields[]): Promise<void> {
  const latest = Math.max(...events.map((event) => new Date(event.timestamp).getTime()));
  const server = await startOffline({
    port: 0,
    s3Port: 0,
    dataDir,
    quiet: true,
    config,
    clock: () => new Date(latest + 1000),
  });
  try {
    const response = await fetch(`${server.url}/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': visitorUserAgent },
      body: JSON.stringify({ bucket: 'app1-analytics-prod', events }),
    });
    expect(response.status).toBe(200);
  } finally {
    await server.stop();
  }
}

/** The object files of app1 under one day, as the embedded S3 keeps them. */
async function objectsOfDay(day: string): Promise<string[]> {
  const [year, month, dd] = day.split('-');
  const folder = join(
    dataDir,
    's3',
    'app1-analytics-prod',
    'analytics',
    `year=${year}`,
    `month=${month}`,
    `day=${dd}`,
  );
  return (await readdir(folder))
    .filter((name) => name.endsWith('._S3rver_object'))
    .map((name) => join(folder, name));
}

/** Runs `node packages/cli/bin/tracker.mjs query …` (the `tracker` bin) in its own process. */
function bin(sql: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['packages/cli/bin/tracker.mjs', 'query', '--data-dir', dataDir, '--format', 'json', sql],
      { cwd: root, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'query-cache-'));
  cacheFile = join(dataDir, LOCAL_CACHE_FILE);
  await sendKnownEvents(dataDir, config, days);
  // An eventId reused later with other content: another object (its key hashes the content).
  await send(UA.firefoxLinux, [
    {
      eventId: 'reused-0001-aaaa',
      eventType: 'page_view',
      timestamp: `${days[1]}T10:00:00.000Z`,
      page: '/a',
      sessionId: 'r1',
    },
  ]);
  await send(UA.firefoxLinux, [
    {
      eventId: 'reused-0001-aaaa',
      eventType: 'page_view',
      timestamp: `${days[1]}T10:05:00.000Z`,
      page: '/b',
      sessionId: 'r1',
    },
  ]);
}, 120_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the local cache (<dataDir>/.cache/local-rows.duckdb) gives what a fresh read of the files gives', () => {
  it('when it is built, and when an object arrives later (read alone; an eventId reused with other content)', async () => {
    await expectSameAsFresh();
    expect((await readFile(cacheFile)).subarray(8, 12).toString()).toBe('DUCK');
    // The same eventId again, the day after, with other content: a retry the view must not count twice.
    await send(UA.chromeWindows, [
      {
        eventId: 'reused-0001-aaaa',
        eventType: 'page_view',
        timestamp: `${days[2]}T05:00:00.000Z`,
        page: '/c',
        sessionId: 'r1',
      },
      { eventType: 'click', timestamp: `${days[2]}T05:00:01.000Z`, page: '/c', sessionId: 'r1' },
    ]);
    await expectSameAsFresh();
  }, 120_000);

  it('when an object was deleted (its rows leave the cache)', async () => {
    const [first] = await objectsOfDay(days[1]);
    expect(first).toBeDefined();
    await rm(first ?? '', { force: true });
    await expectSameAsFresh();
  }, 120_000);

  it('after npm run compact (compacted days read from Parquet), and for an event stored after it', async () => {
    const quiet = { write: () => true };
    expect(
      await runCompactCli(['--data-dir', dataDir], { cwd: root, env: {}, stdout: quiet, stderr: quiet }),
    ).toBe(0);
    const compacted = JSON.parse(await fresh('SELECT count(*) AS n FROM analytics_db.app1_events_compacted'));
    expect(compacted[0].n).toBeGreaterThan(0);
    await expectSameAsFresh();
    await send(UA.safariIphone, [
      {
        eventId: 'reused-0001-aaaa',
        eventType: 'page_view',
        timestamp: `${days[2]}T06:00:00.000Z`,
        page: '/d',
        sessionId: 'r2',
      },
    ]);
    await expectSameAsFresh();
  }, 120_000);

  it('a file that is not a database is replaced, not trusted', async () => {
    await writeFile(cacheFile, 'not a DuckDB file at all, and long enough to look like a header'.repeat(100));
    await expectSameAsFresh();
    expect((await readFile(cacheFile)).subarray(8, 12).toString()).toBe('DUCK');
  }, 120_000);

  it('a cache written by another version, or with rows its last update did not write, is rebuilt', async () => {
    const tamper = async (sql: string) => {
      const instance = await DuckDBInstance.create(cacheFile);
      const connection = await instance.connect();
      try {
        // A row with a page no event has, as a foreign writer could have left.
        await connection.run(
          `INSERT INTO raw_app1 (eventid, eventtype, page, year, month, day, object_path)
           SELECT 'forged', 'page_view', '/forged', year, month, day, object_path FROM raw_app1 LIMIT 1`,
        );
        await connection.run(
          `INSERT INTO dedup_app1 (eventid, eventtype, page) VALUES ('forged', 'page_view', '/forged')`,
        );
        await connection.run(sql);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    };
    await tamper("UPDATE meta SET value = 'written by an older version' WHERE key = 'signature'");
    await expectSameAsFresh();
    await tamper('SELECT 1'); // the signature still matches: the row count does not
    await expectSameAsFresh();
  }, 120_000);

  it('a cache that cannot be written (here a file where its folder goes): the files answer, with a note', async () => {
    const folder = join(dataDir, '.cache');
    expect((await cli(TABLES[0] ?? '')).code).toBe(0); // the cache is there, to be set aside
    await rename(folder, `${folder}-aside`);
    await writeFile(folder, 'not a folder');
    try {
      const sql = TABLES[0] ?? '';
      const { code, stdout, stderr } = await cli(sql);
      expect(code).toBe(0);
      expect(stdout).toBe(await fresh(sql));
      expect(stderr).toContain('The local cache cannot be used');
    } finally {
      await rm(folder, { force: true });
      await rename(`${folder}-aside`, folder);
    }
  }, 120_000);

  it('another process holding the cache: the query waits, then reads the files (same answer, a note on stderr)', async () => {
    const holder: ChildProcess = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { DuckDBInstance } from '@duckdb/node-api';
         const instance = await DuckDBInstance.create(${JSON.stringify(cacheFile)});
         await instance.connect();
         console.log('holding');
         setInterval(() => {}, 1000);`,
      ],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((ready) => holder.stdout?.once('data', () => ready()));
      const sql = TABLES[0] ?? '';
      const { code, stdout, stderr } = await cli(sql);
      expect(code).toBe(0);
      expect(stdout).toBe(await fresh(sql));
      expect(stderr).toContain('The local cache is busy');
    } finally {
      holder.kill();
    }
  }, 120_000);

  it('several query processes at once, with new objects to read, all answer as a fresh read; the cache stays sound', async () => {
    await send(UA.chromeWindows, [
      { eventType: 'page_view', timestamp: `${days[2]}T08:00:00.000Z`, page: '/together', sessionId: 't1' },
    ]);
    const sql = TABLES[0] ?? '';
    const expected = await fresh(sql);
    const runs = await Promise.all([bin(sql), bin(sql), bin(sql)]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe(expected);
    }
    const notes = await expectSameAsFresh();
    // Afterwards the cache is used again (no process left it locked).
    expect(notes.join('')).not.toContain('busy');
    // No lock file is left behind.
    await expect(open(`${cacheFile}.lock`)).rejects.toThrow();
  }, 180_000);
});
