/**
 * How long one `npx tracker query --name top_pages` takes on 100,000 local events, from process start
 * to exit: the prebuilt bundle (what the `tracker` bin runs) against the same CLI compiled by tsx on
 * each call (what `npm run query` ran before the bin). Median of several runs of each, alternated,
 * after a first call that builds the local cache (timed apart).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrackerConfig } from '@analytics-tracker/schema';
import { CHILD_ENV, ROOT, TSX_ARGS } from './lib/children.js';
import { manyEvents } from './lib/many-events.js';
import { median } from './lib/stats.js';

/** Figures of the CLI step (`cli` in results/latest.json). */
export interface CliStartupFigures {
  /** When this step ran (`BENCH_ONLY=cli BENCH_MERGE=1` refreshes it alone). */
  measuredAt: string;
  events: number;
  /** Seconds to write the events into the data folder. */
  seedSeconds: number;
  query: string;
  runs: number;
  /**
   * The first query after the events were written: it builds the local cache (`<dataDir>/.cache/`),
   * parsing every stored object once. Absent from runs before the cache existed.
   */
  firstCallMs?: number;
  firstCallCpuMs?: number;
  /** Median wall time of `node packages/cli/bin/tracker.mjs query …` (the prebuilt bundle). */
  bundleMedianMs: number;
  /** Median wall time of the same command compiled by tsx on each call (`npm run query` before). */
  tsxMedianMs: number;
  /** The same through `npx tracker …`: npm's own start (finding the bin) comes on top. */
  npxMedianMs?: number;
  npxMedianCpuMs?: number;
  /** Median CPU (user + system, every thread) of the bundle's runs: less sensitive to a busy machine. */
  bundleMedianCpuMs: number;
  tsxMedianCpuMs: number;
  /** Load average (1 min) when the step started: wall times on a busy machine are longer. */
  loadAverage: number;
}

const EVENTS = 100_000;
const RUNS = 7;
const QUERY = 'top_pages';

/** CPU ms of the children this process has waited for (Linux `/proc/self/stat` cutime + cstime). */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    // Fields 16 and 17 of proc(5), counted from field 3 after the command name; in clock ticks (1/100 s).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

function timed(args: readonly string[], command = process.execPath): { wallMs: number; cpuMs: number } {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, env: CHILD_ENV, encoding: 'utf8' });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { wallMs, cpuMs: childrenCpuMs() - cpuBefore };
}

/**
 * Seeds 100,000 events into a temporary data folder, then times the named query both ways.
 *
 * @example
 * const figures = await measureCliStartup(config); // figures.bundleMedianMs < 1000
 */
export async function measureCliStartup(config: TrackerConfig): Promise<CliStartupFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-cli-'));
  try {
    const seedSeconds = await manyEvents(dataDir, config, EVENTS);
    const queryArgs = ['query', '--name', QUERY, '--data-dir', dataDir, '--format', 'csv'];
    const bundle = ['packages/cli/bin/tracker.mjs', ...queryArgs];
    const tsx = [...TSX_ARGS, 'packages/query/src/cli.ts', ...queryArgs.slice(1)];
    // Builds the bundle if a source changed (as after `npm ci`), without reading the data: not timed.
    timed(['packages/cli/bin/tracker.mjs', 'query', '--help']);
    // The first query builds the local cache: shown apart, as a first dashboard load is.
    const first = timed(bundle);
    timed(tsx);
    const bundleRuns: { wallMs: number; cpuMs: number }[] = [];
    const tsxRuns: { wallMs: number; cpuMs: number }[] = [];
    const npxRuns: { wallMs: number; cpuMs: number }[] = [];
    const loadAverage = loadavg()[0] ?? Number.NaN;
    for (let run = 0; run < RUNS; run++) {
      bundleRuns.push(timed(bundle));
      tsxRuns.push(timed(tsx));
      npxRuns.push(timed(['tracker', ...queryArgs], 'npx'));
    }
    return {
      measuredAt: new Date().toISOString(),
      loadAverage,
      events: EVENTS,
      seedSeconds,
      firstCallMs: first.wallMs,
      firstCallCpuMs: first.cpuMs,
      query: `npx tracker query --name ${QUERY} --format csv`,
      runs: RUNS,
      bundleMedianMs: median(bundleRuns.map((run) => run.wallMs)),
      tsxMedianMs: median(tsxRuns.map((run) => run.wallMs)),
      npxMedianMs: median(npxRuns.map((run) => run.wallMs)),
      npxMedianCpuMs: median(npxRuns.map((run) => run.cpuMs)),
      bundleMedianCpuMs: median(bundleRuns.map((run) => run.cpuMs)),
      tsxMedianCpuMs: median(tsxRuns.map((run) => run.cpuMs)),
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
