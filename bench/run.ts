/**
 * `npm run bench`: measures handler CPU against its floor (S3 stub and s3rver), cold start against
 * the SDK-only floor, the client builds, the allow-list's scaling, S3 writes and bytes per event,
 * end-to-end load on `npm run offline`, and the cost per million events; writes
 * bench/results/latest.json, rewrites the tables of bench/README.md from it, and prints them.
 * Traffic goes to 127.0.0.1 only. BENCH_ONLY=cpu,cold,client,allowlist,storage,e2e,compaction,dashboard,cli
 * runs a subset (nothing written, unless BENCH_MERGE=1: then the parts measured replace theirs in
 * latest.json, keeping the rest); BENCH_REPEAT=3 runs everything three times and shows each
 * target's verdicts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { loadTrackerConfig } from '@analytics-tracker/config';
import { measureAllowlist } from './allowlist-scaling.js';
import { measureCliStartup } from './cli-startup.js';
import { measureClient } from './client-size.js';
import { measureColdStart } from './cold-start.js';
import { measureCompaction } from './compaction.js';
import { compactionCostPerMillion, costPerMillion } from './cost-model.js';
import { measureDashboardLoad } from './dashboard-load.js';
import { measureEndToEnd } from './end-to-end.js';
import { measureHandlerCpu } from './handler-cpu-run.js';
import { ROOT } from './lib/children.js';
import { median, round } from './lib/stats.js';
import { updateReadme } from './readme.js';
import { type BenchResults, renderTables, targetsOf } from './report.js';
import { measureStorage, type StorageFigures, type StorageResults } from './storage.js';

const only = process.env.BENCH_ONLY?.split(',');
const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 1));
const wanted = (part: string) => !only || only.includes(part);
const step = (what: string) => process.stderr.write(`bench: ${what}…\n`);

/** Storage figures are nearly deterministic; still a median of three runs, as every figure here. */
async function storageMedian(): Promise<StorageResults> {
  const runs = [await measureStorage(), await measureStorage(), await measureStorage()];
  const pick = (key: keyof StorageResults): StorageFigures => ({
    eventsPerRequest: median(runs.map((run) => run[key].eventsPerRequest)),
    putsPer1000Events: median(runs.map((run) => run[key].putsPer1000Events)),
    storedBytesPerEvent: median(runs.map((run) => run[key].storedBytesPerEvent)),
  });
  return {
    single: pick('single'),
    batch20: pick('batch20'),
    batch50: pick('batch50'),
    client: pick('client'),
  };
}

/** Runs one part when BENCH_ONLY selects it (all by default), saying what it measures. */
async function part<T>(name: string, what: string, measure: () => T | Promise<T>): Promise<T | undefined> {
  if (!wanted(name)) return undefined;
  step(what);
  return measure();
}

const { config } = await loadTrackerConfig({ cwd: ROOT, path: join(ROOT, 'tracker.config.ts') });

async function runOnce(): Promise<BenchResults> {
  const cpuStub = await part('cpu', 'handler CPU vs floor, S3 stub in another process', () =>
    measureHandlerCpu('stub'),
  );
  const cpuS3rver = await part(
    'cpu',
    'handler CPU vs floor, s3rver (real S3 protocol) in another process',
    () => measureHandlerCpu('s3rver'),
  );
  const coldStart = await part('cold', 'cold start: handler bundle vs SDK-only floor', measureColdStart);
  const client = await part('client', 'client builds', measureClient);
  const allowlist = await part('allowlist', 'allow-list time at n and 2n', measureAllowlist);
  const storage = await part('storage', 'S3 PUTs and stored bytes per event', storageMedian);
  const endToEnd = await part('e2e', 'end to end: autocannon against npm run offline', measureEndToEnd);
  const compacted = await part(
    'compaction',
    'compaction: a dashboard load before and after npm run compact (21,000 events)',
    () => measureCompaction(config),
  );
  const dashboard = await part(
    'dashboard',
    'dashboard page loads over 100k stored events',
    measureDashboardLoad,
  );
  const cli = await part('cli', 'npx tracker query on 100,000 events: bundle vs tsx', () =>
    measureCliStartup(config),
  );
  const costOf = (eventsPerRequest: 1 | 20, figures: StorageFigures) =>
    costPerMillion({
      eventsPerRequest,
      memoryMb: config.memorySize,
      durationMsPerRequest: cpuS3rver?.[String(eventsPerRequest)]?.handlerWallMsPerRequest ?? Number.NaN,
      putsPer1000Events: figures.putsPer1000Events,
      storedBytesPerEvent: figures.storedBytesPerEvent,
    });
  return {
    command: 'npm run bench',
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
    handlerCpu: { stub: cpuStub, s3rver: cpuS3rver },
    coldStart,
    client,
    endToEnd,
    storage,
    cost:
      cpuS3rver?.['1'] && cpuS3rver['20'] && storage // the cost needs singles and batches of 20
        ? {
            memoryMb: config.memorySize,
            single: costOf(1, storage.single),
            batch20: costOf(20, storage.batch20),
          }
        : undefined,
    allowlist,
    compaction: compacted && {
      ...compacted,
      ...(only ? { measuredAt: new Date().toISOString() } : {}),
      cost: {
        rawRetentionDays: config.compaction.rawRetentionDays,
        ...compactionCostPerMillion({
          rawRetentionDays: config.compaction.rawRetentionDays,
          rawBytesPerEvent: compacted.rawBytes / compacted.events,
          parquetBytesPerEvent: compacted.parquetBytes / compacted.events,
          queriesPerLoad: compacted.before.queries,
          loadBytesPerEvent: {
            before: compacted.before.bytesRead / compacted.events,
            after: compacted.after.bytesRead / compacted.events,
          },
          loadObjectsPerEvent: {
            before: compacted.before.objectsRead / compacted.events,
            after: compacted.after.objectsRead / compacted.events,
          },
          rawObjectsPerEvent: compacted.rawObjects / compacted.events,
        }),
      },
    },
    dashboard,
    cli,
  };
}

const verdictsByRun: Record<string, boolean[]> = {};
let results: BenchResults | undefined;
for (let run = 1; run <= repeat; run++) {
  if (repeat > 1) step(`run ${run} of ${repeat}`);
  results = await runOnce();
  for (const target of targetsOf(results)) {
    verdictsByRun[target.target] = [...(verdictsByRun[target.target] ?? []), target.met];
  }
}
if (!results) throw new Error('BENCH_REPEAT must be at least 1');
if (repeat > 1) results.verdictsByRun = verdictsByRun;

// Printed from the rounded JSON, as the README is, so both show the same figures and verdicts.
const json = JSON.stringify(
  results,
  (_key, value) => (typeof value === 'number' ? round(value, 4) : value),
  2,
);
process.stdout.write(`\n${renderTables(JSON.parse(json) as BenchResults)}\n`);

const LATEST = join(ROOT, 'bench/results/latest.json');
/** Where each part's figures live in results/latest.json. */
const PART_KEYS: Record<string, (keyof BenchResults)[]> = {
  cpu: ['handlerCpu'],
  cold: ['coldStart'],
  client: ['client'],
  allowlist: ['allowlist'],
  storage: ['storage'],
  e2e: ['endToEnd'],
  cli: ['cli'],
  compaction: ['compaction'],
  dashboard: ['dashboard'],
};
if (only && process.env.BENCH_MERGE === '1') {
  // Only the parts measured now change; the others keep the figures of their last run.
  const latest = JSON.parse(readFileSync(LATEST, 'utf8')) as Record<string, unknown>;
  const fresh = JSON.parse(json) as Record<string, unknown>;
  for (const key of only.flatMap((name) => PART_KEYS[name] ?? [])) latest[key] = fresh[key];
  latest.partsMeasuredAt = {
    ...(latest.partsMeasuredAt as Record<string, string> | undefined),
    ...Object.fromEntries(only.map((name) => [name, fresh.measuredAt])),
  };
  // The verdicts of the targets measured now are this invocation's, not the last full run's: a
  // history left from other code would read as this code's.
  const history = (latest.verdictsByRun ?? {}) as Record<string, boolean[]>;
  for (const target of targetsOf(fresh as unknown as BenchResults)) {
    history[target.target] = verdictsByRun[target.target] ?? [target.met];
  }
  // Histories of targets the results no longer have (a goal changed) are dropped, not carried along.
  const current = new Set(targetsOf(latest as unknown as BenchResults).map((target) => target.target));
  if (latest.verdictsByRun)
    latest.verdictsByRun = Object.fromEntries(
      Object.entries(history).filter(([target]) => current.has(target)),
    );
  writeFileSync(LATEST, `${JSON.stringify(latest, null, 2)}\n`);
  updateReadme();
  process.stderr.write(
    `bench: merged ${only.join(', ')} into bench/results/latest.json and bench/README.md\n`,
  );
} else if (!only) {
  const full = JSON.parse(json) as BenchResults;
  full.partsMeasuredAt = Object.fromEntries(Object.keys(PART_KEYS).map((name) => [name, full.measuredAt]));
  writeFileSync(LATEST, `${JSON.stringify(full, null, 2)}\n`);
  updateReadme();
  process.stderr.write('bench: wrote bench/results/latest.json and the tables of bench/README.md\n');
}
