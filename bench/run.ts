/**
 * `npm run bench`: measures handler CPU against its floor (S3 stub and s3rver), the Lambda bundle,
 * the client builds, S3 writes and bytes per event, end-to-end load on `npm run offline`, and the cost
 * per million events; writes bench/results/latest.json and prints the tables. See bench/README.md.
 * Traffic goes to 127.0.0.1 only. BENCH_ONLY=cpu,bundle,client,storage,e2e runs a subset (no JSON written).
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { loadTrackerConfig } from '@analytics-tracker/config';
import { measureBundle } from './bundle-size.js';
import { measureClient } from './client-size.js';
import { costPerMillion } from './cost-model.js';
import { measureEndToEnd } from './end-to-end.js';
import { type CpuResults, measureHandlerCpu } from './handler-cpu-run.js';
import { ROOT } from './lib/children.js';
import { median, round } from './lib/stats.js';
import { formatNumber, markdownTable } from './lib/table.js';
import { measureStorage, type StorageFigures, type StorageResults } from './storage.js';

const only = process.env.BENCH_ONLY?.split(',');
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

const cpuStub = await part('cpu', 'handler CPU vs floor, S3 stub in another process', () =>
  measureHandlerCpu('stub'),
);
const cpuS3rver = await part(
  'cpu',
  'handler CPU vs floor, s3rver (real S3 protocol) in another process',
  () => measureHandlerCpu('s3rver'),
);
const bundle = await part('bundle', 'Lambda bundle size and import time', measureBundle);
const client = await part('client', 'client builds', measureClient);
const storage = await part('storage', 'S3 PUTs and stored bytes per event', storageMedian);
const endToEnd = await part('e2e', 'end to end: autocannon against npm run offline', measureEndToEnd);

const { config } = await loadTrackerConfig({ cwd: ROOT, path: join(ROOT, 'tracker.config.ts') });
const cost =
  cpuS3rver && storage
    ? {
        single: costPerMillion({
          eventsPerRequest: 1,
          memoryMb: config.memorySize,
          durationMsPerRequest: cpuS3rver['1']?.handlerWallMsPerRequest ?? Number.NaN,
          putsPer1000Events: storage.single.putsPer1000Events,
          storedBytesPerEvent: storage.single.storedBytesPerEvent,
        }),
        batch20: costPerMillion({
          eventsPerRequest: 20,
          memoryMb: config.memorySize,
          durationMsPerRequest: cpuS3rver['20']?.handlerWallMsPerRequest ?? Number.NaN,
          putsPer1000Events: storage.batch20.putsPer1000Events,
          storedBytesPerEvent: storage.batch20.storedBytesPerEvent,
        }),
      }
    : undefined;

type Target = { target: string; value: string; met: boolean };
const targets: Target[] = [];
const check = (target: string, value: number | undefined, limit: number, show: (v: number) => string) => {
  if (value !== undefined) targets.push({ target, value: show(value), met: value <= limit });
};
check('handler ≤ 1.5x floor, single events', cpuStub?.['1']?.ratio, 1.5, (v) => `${v.toFixed(2)}x`);
check('handler ≤ 2x floor, batches of 50', cpuStub?.['50']?.ratio, 2, (v) => `${v.toFixed(2)}x`);
check('bundle ≤ 150 KB minified', bundle?.minifiedBytes, 150 * 1024, (v) => `${(v / 1024).toFixed(1)} KB`);
check(
  'import time ≤ 50 ms',
  bundle?.importMs,
  50,
  (v) => `${v.toFixed(1)} ms (AWS SDK ${bundle?.sdkImportMs.toFixed(1)} ms of it)`,
);
check('client ESM ≤ 2,048 B gzip', client?.esmGzipBytes, 2048, (v) => `${v} B`);
check('client script tag ≤ 2,048 B gzip', client?.scriptTagGzipBytes, 2048, (v) => `${v} B`);
check('≤ 60 S3 PUTs per 1,000 events, client batching', storage?.client.putsPer1000Events, 60, (v) => `${v}`);
check('≤ $0.35 per million events, batches of 20', cost?.batch20.totalUsd, 0.35, (v) => `$${v.toFixed(3)}`);
check(
  'end-to-end errors = 0',
  endToEnd ? endToEnd.single.errors + endToEnd.batch50.errors : undefined,
  0,
  String,
);

const tables: string[] = [];
const cpuRows = (kind: string, results: CpuResults | undefined) =>
  Object.values(results ?? {}).map((r) => [
    kind,
    String(r.eventsPerRequest),
    formatNumber(r.handlerCpuUsPerEvent, 1),
    formatNumber(r.floorCpuUsPerEvent, 1),
    `${r.ratio.toFixed(2)}x`,
    formatNumber(r.handlerWallMsPerRequest, 2),
  ]);
if (cpuStub || cpuS3rver) {
  tables.push(
    markdownTable(
      [
        'S3 endpoint',
        'events/request',
        'handler CPU µs/event',
        'floor CPU µs/event',
        'handler/floor',
        'handler wall ms/request',
      ],
      [...cpuRows('stub (200 + ETag)', cpuStub), ...cpuRows('s3rver', cpuS3rver)],
    ),
  );
}
if (bundle || client) {
  const rows: string[][] = [];
  if (bundle) {
    rows.push([
      'Lambda bundle, minified',
      `${formatNumber(bundle.minifiedBytes)} B (${(bundle.minifiedBytes / 1024).toFixed(1)} KB)`,
    ]);
    rows.push(['Lambda bundle, gzip -9', `${formatNumber(bundle.gzipBytes)} B`]);
    rows.push(['Lambda bundle import time (node minus bare node)', `${bundle.importMs.toFixed(1)} ms`]);
    rows.push(['  of which @aws-sdk/client-s3 alone', `${bundle.sdkImportMs.toFixed(1)} ms`]);
  }
  if (client) {
    rows.push(['client ESM (all exports), minified + gzip -9', `${client.esmGzipBytes} B`]);
    rows.push(['client script tag, gzip -9', `${client.scriptTagGzipBytes} B`]);
  }
  tables.push(markdownTable(['size', 'value'], rows));
}
if (endToEnd) {
  tables.push(
    markdownTable(
      ['npm run offline + autocannon', 'requests/s', 'events/s', 'p50 ms', 'p99 ms', 'errors'],
      [endToEnd.single, endToEnd.batch50].map((r) => [
        r.eventsPerRequest === 1 ? 'single events' : `batches of ${r.eventsPerRequest}`,
        formatNumber(r.requestsPerSecond),
        formatNumber(r.eventsPerSecond),
        String(r.latencyP50Ms),
        String(r.latencyP99Ms),
        String(r.errors),
      ]),
    ),
  );
}
if (storage) {
  tables.push(
    markdownTable(
      ['sent as', 'S3 PUTs per 1,000 events', 'stored bytes per event'],
      [
        ['single events', storage.single],
        ['batches of 20', storage.batch20],
        ['batches of 50', storage.batch50],
        [`client (batches of ${storage.client.eventsPerRequest})`, storage.client],
      ].map(([label, r]) => {
        const figures = r as StorageFigures;
        return [
          String(label),
          formatNumber(figures.putsPer1000Events),
          formatNumber(figures.storedBytesPerEvent, 1),
        ];
      }),
    ),
  );
}
if (cost) {
  const usd = (value: number) => `$${value.toFixed(4)}`;
  tables.push(
    markdownTable(
      [
        'per million events',
        'billed ms/request',
        'Lambda requests',
        'Lambda GB-s',
        'S3 PUTs',
        'S3 storage/month',
        'Athena daily query',
        'total',
      ],
      [cost.single, cost.batch20].map((c) => [
        c.eventsPerRequest === 1 ? 'single events' : `batches of ${c.eventsPerRequest}`,
        String(c.billedMsPerRequest),
        usd(c.lambdaRequestsUsd),
        usd(c.lambdaComputeUsd),
        usd(c.s3PutsUsd),
        usd(c.s3StorageUsdPerMonth),
        usd(c.athenaDailyQueryUsd),
        usd(c.totalUsd),
      ]),
    ),
  );
}
tables.push(
  markdownTable(
    ['target', 'measured', 'met'],
    targets.map((t) => [t.target, t.value, t.met ? 'yes' : 'NO']),
  ),
);

const printed = tables.join('\n\n');
process.stdout.write(`\n${printed}\n`);

if (!only) {
  const results = {
    command: 'npm run bench',
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
    handlerCpu: { stub: cpuStub, s3rver: cpuS3rver },
    bundle,
    client,
    endToEnd,
    storage,
    cost: cost && { memoryMb: config.memorySize, single: cost.single, batch20: cost.batch20 },
    targets,
    table: printed,
  };
  const json = JSON.stringify(
    results,
    (_key, value) => (typeof value === 'number' ? round(value, 4) : value),
    2,
  );
  writeFileSync(join(ROOT, 'bench/results/latest.json'), `${json}\n`);
  process.stderr.write('bench: wrote bench/results/latest.json\n');
}
