/**
 * How long one `npx tracker query --name top_pages` takes on 100,000 local events, from process start
 * to exit: the prebuilt bundle (what the `tracker` bin runs) against the same CLI compiled by tsx on
 * each call (what `npm run query` ran before the bin). Median of several runs of each, alternated.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
  /** Median wall time of `node packages/cli/bin/tracker.mjs query …` (the prebuilt bundle). */
  bundleMedianMs: number;
  /** Median wall time of the same command compiled by tsx on each call (`npm run query` before). */
  tsxMedianMs: number;
}

const EVENTS = 100_000;
const RUNS = 7;
const QUERY = 'top_pages';

function wallMs(args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env: CHILD_ENV, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
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
    // The first call builds the bundle if a source changed (as after `npm ci`): not timed.
    wallMs(bundle);
    wallMs(tsx);
    const bundleMs: number[] = [];
    const tsxMs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      bundleMs.push(wallMs(bundle));
      tsxMs.push(wallMs(tsx));
    }
    return {
      measuredAt: new Date().toISOString(),
      events: EVENTS,
      seedSeconds,
      query: `npx tracker query --name ${QUERY} --format csv`,
      runs: RUNS,
      bundleMedianMs: median(bundleMs),
      tsxMedianMs: median(tsxMs),
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
