/**
 * What compaction saves a dashboard load: 21,000 events over 7 complete UTC days are sent through
 * `npm run offline`'s real path (batches of 50, the server's clock on each day), then one dashboard
 * load (every panel query of sql/dashboard-queries.sql over the 30-day range, all apps, each on the
 * reading view) runs before and after `npm run compact`'s compaction. Bytes read, per query, from
 * DuckDB's JSON profile: for each JSON scan, the sizes of the files it names (a JSON object is read
 * whole, as Athena bills it), plus `total_bytes_read`, which counts what DuckDB read of Parquet files
 * (footers and the column chunks the query needs, as Athena bills Parquet). Load time is the median of
 * three loads, each on a fresh engine.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  dayRange,
  loadDashboardQueries,
  PANEL_QUERY_NAMES,
  querySql,
  selectedApps,
} from '@analytics-tracker/dashboard';
import { startOffline } from '@analytics-tracker/local';
import { compactLocal, createLocalEngine } from '@analytics-tracker/query';
import type { EventFields, TrackerConfig } from '@analytics-tracker/schema';
import { ROOT } from './lib/children.js';
import { BENCH_BUCKET, benchEvent } from './lib/events.js';
import { median } from './lib/stats.js';
import { addressOf, userAgentOf } from './lib/workload.js';

/** The data set: days × events per day, sent in batches. */
export const COMPACTION_DATA = { days: 7, eventsPerDay: 3000, batchSize: 50 } as const;

/** What one dashboard load reads and takes. */
export interface DashboardLoad {
  queries: number;
  /** Bytes of raw JSON objects its scans read (whole objects). */
  jsonBytesRead: number;
  /** Objects its scans opened (JSON and Parquet): one S3 GET each on Athena. */
  objectsRead: number;
  /** Bytes DuckDB counts as read (`total_bytes_read`): Parquet footers and column chunks. */
  parquetBytesRead: number;
  bytesRead: number;
  /** Median of three loads, each on a fresh engine (which lists the files again). */
  ms: number;
}

/** The figures of the compaction bench. */
export interface CompactionFigures {
  events: number;
  days: number;
  /** Bytes of the raw objects stored (JSON and gzip NDJSON, as s3rver holds them). */
  rawBytes: number;
  /** Raw objects stored. */
  rawObjects: number;
  /** Bytes of the Parquet files compaction wrote. */
  parquetBytes: number;
  compactMs: number;
  before: DashboardLoad;
  after: DashboardLoad;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function bytesOf(files: readonly string[]): Promise<number> {
  let total = 0;
  for (const file of files) total += (await stat(file)).size;
  return total;
}

async function send(dataDir: string, config: TrackerConfig, now: Date): Promise<number> {
  let clock = now;
  const server = await startOffline({ port: 0, s3Port: 0, dataDir, quiet: true, config, clock: () => clock });
  let sent = 0;
  try {
    for (let back = COMPACTION_DATA.days; back >= 1; back -= 1) {
      const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - back);
      for (let first = 0; first < COMPACTION_DATA.eventsPerDay; first += COMPACTION_DATA.batchSize) {
        const at = new Date(dayStart + Math.floor((first / COMPACTION_DATA.eventsPerDay) * 86_000_000));
        clock = at;
        const index = sent + first;
        const events: EventFields[] = Array.from({ length: COMPACTION_DATA.batchSize }, (_, offset) => ({
          ...benchEvent(index + offset),
          timestamp: at.toISOString(),
        }));
        const response = await fetch(`${server.url}/track`, {
          method: 'POST',
          headers: {
            'content-type': 'text/plain;charset=UTF-8',
            origin: 'https://app1.example.com',
            'user-agent': userAgentOf(index),
            'cloudfront-viewer-address': `${addressOf(index)}:443`,
          },
          body: JSON.stringify({ bucket: BENCH_BUCKET, events }),
        });
        if (response.status !== 200) throw new Error(`bench: /track answered ${response.status}`);
      }
      sent += COMPACTION_DATA.eventsPerDay;
    }
  } finally {
    await server.stop();
  }
  return sent;
}

interface ProfileNode {
  operator_name?: string;
  extra_info?: Record<string, string>;
  children?: ProfileNode[];
}

/** The bytes one profiled query read: whole JSON files of its JSON scans, and DuckDB's count for the rest. */
async function bytesOfProfile(
  profile: ProfileNode & { total_bytes_read: number },
): Promise<{ json: number; other: number; objects: number }> {
  let json = 0;
  let objects = 0;
  const nodes: ProfileNode[] = [profile];
  for (let node = nodes.pop(); node; node = nodes.pop()) {
    nodes.push(...(node.children ?? []));
    if (node.operator_name === 'READ_PARQUET') objects += Number(node.extra_info?.['Total Files Read'] ?? 0);
    if (node.operator_name !== 'READ_JSON') continue;
    const names = (node.extra_info?.['Filename(s)'] ?? '')
      .split(', ')
      .filter((name) => name && name !== '...');
    const read = Number(node.extra_info?.['Total Files Read'] ?? names.length);
    objects += read;
    const listed = await bytesOf(names);
    // DuckDB shortens a long list ("…, ..."): scale what it names to the number of files read.
    json += names.length > 0 ? (listed * read) / names.length : 0;
  }
  return { json, other: profile.total_bytes_read, objects };
}

async function dashboardLoad(dataDir: string, config: TrackerConfig, now: Date): Promise<DashboardLoad> {
  const queries = await loadDashboardQueries(join(ROOT, 'sql/dashboard-queries.sql'), PANEL_QUERY_NAMES);
  const statements = PANEL_QUERY_NAMES.map((name) =>
    querySql(
      queries,
      name,
      {
        database: config.glueDatabase,
        apps: selectedApps(config.apps, 'all'),
        range: dayRange('30d', { now }),
      },
      now,
    ),
  );
  const profile = join(dataDir, 'profile.json');
  const times: number[] = [];
  let jsonBytesRead = 0;
  let parquetBytesRead = 0;
  let objectsRead = 0;
  for (let load = 0; load < 3; load += 1) {
    const engine = await createLocalEngine({ dataDir, config });
    try {
      if (load === 0) {
        await engine.run("PRAGMA enable_profiling = 'json'");
        await engine.run(`SET profiling_output = '${profile.replaceAll("'", "''")}'`);
      }
      const started = performance.now();
      for (const sql of statements) {
        await engine.run(sql);
        if (load === 0) {
          const bytes = await bytesOfProfile(JSON.parse(await readFile(profile, 'utf8')));
          jsonBytesRead += bytes.json;
          parquetBytesRead += bytes.other;
          objectsRead += bytes.objects;
        }
      }
      times.push(performance.now() - started);
    } finally {
      await engine.close();
    }
  }
  return {
    queries: statements.length,
    jsonBytesRead,
    objectsRead,
    parquetBytesRead,
    bytesRead: jsonBytesRead + parquetBytesRead,
    ms: median(times),
  };
}

/**
 * Sends the data set, measures a dashboard load, compacts every complete day, measures again.
 *
 * @example
 * const figures = await measureCompaction(config);
 * figures.before.bytesRead / figures.after.bytesRead; // the saving
 */
export async function measureCompaction(config: TrackerConfig): Promise<CompactionFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-compaction-'));
  try {
    const now = new Date();
    const events = await send(dataDir, config, now);
    const bucketDir = join(dataDir, 's3', BENCH_BUCKET);
    const rawFiles = (await filesUnder(join(bucketDir, 'analytics'))).filter((file) =>
      file.endsWith('._S3rver_object'),
    );
    const rawBytes = await bytesOf(rawFiles);
    const before = await dashboardLoad(dataDir, config, now);
    const started = performance.now();
    await compactLocal({ dataDir, config, now });
    const compactMs = performance.now() - started;
    const parquetBytes = await bytesOf(await filesUnder(join(bucketDir, 'compacted')));
    const after = await dashboardLoad(dataDir, config, now);
    return {
      events,
      days: COMPACTION_DATA.days,
      rawBytes,
      rawObjects: rawFiles.length,
      parquetBytes,
      compactMs,
      before,
      after,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
