import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTrackerConfig } from '@analytics-tracker/config';
import {
  type AppConfig,
  type PartitionDay,
  partitionDay,
  partitionDayOf,
  partitionDayText,
  SchemaError,
} from '@analytics-tracker/schema';
import { localDataProblem } from './cli-local-data.js';
import { type CompactedDay, compactLocal } from './compact-local.js';
import { NoLocalDataError, QueryError, UsageError } from './errors.js';

/** `npm run compact -- --help`. */
export const COMPACT_USAGE = `Compact the local data: each app's complete days become one deduplicated Parquet file
under .data/s3/<bucket>/compacted/year=…/month=…/day=…/, which npm run query and the dashboard read
(through the same reading view) instead of the raw JSON of those days.

Usage:
  npm run compact                       every complete day (up to yesterday) not compacted yet
  npm run compact -- --day 2026-11-28   that day again, replacing its compacted file
  npm run compact -- --app app1         only that app (with or without --day)
  npx tracker compact …                 the same; stdout carries only the summary line, the
                                        progress (one line per app and day) goes to stderr
Options:
  --data-dir <dir>    the offline data folder (default DATA_DIR or .data, next to tracker.config.ts)
  --config <file>     tracker.config.ts to read (default: the nearest)
`;

/** What `npm run compact` talks to; tests pass their own streams and clock. */
export interface CompactCliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Today comes from this clock (default: the system's). */
  now?: () => Date;
}

interface CompactCliOptions {
  apps: string[];
  day?: PartitionDay;
  dataDir?: string;
  config?: string;
  help: boolean;
}

/**
 * The flags of `npm run compact`, in `node:util` `parseArgs` form (the `tracker` command reads their
 * names to spot flags npm took for itself).
 *
 * @example
 * Object.keys(COMPACT_ARGS); // ['app', 'day', 'data-dir', 'config', 'help']
 */
export const COMPACT_ARGS = {
  app: { type: 'string', multiple: true },
  day: { type: 'string' },
  'data-dir': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseCompactArgs(argv: readonly string[]): CompactCliOptions {
  let values: { app?: string[]; day?: string; 'data-dir'?: string; config?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: [...argv], strict: true, options: COMPACT_ARGS }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${COMPACT_USAGE}`);
  }
  let day: PartitionDay | undefined;
  if (values.day !== undefined) {
    try {
      day = partitionDay(values.day);
    } catch (error) {
      throw new UsageError(`--day: ${(error as Error).message}`);
    }
  }
  return {
    apps: values.app ?? [],
    ...(day ? { day } : {}),
    ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
    ...(values.config === undefined ? {} : { config: values.config }),
    help: values.help ?? false,
  };
}

function selectApps(all: readonly AppConfig[], names: readonly string[]): AppConfig[] {
  if (names.length === 0) return [...all];
  return names.map((name) => {
    const app = all.find((candidate) => candidate.name === name);
    if (!app) {
      throw new UsageError(
        `--app ${name}: no such app in tracker.config.ts (apps: ${all.map((a) => a.name).join(', ')})`,
      );
    }
    return app;
  });
}

const progressLine = (done: CompactedDay): string =>
  `compact ${done.app} ${done.day}: ${done.rawRows} stored rows → ${done.rows} rows, ` +
  `${(done.bytes / 1024).toFixed(1)} KB Parquet\n`;

/**
 * `npm run compact`: compacts the local data's complete days (or `--day`, for `--app`) into Parquet,
 * one line per app and day on stderr, a summary on stdout. Returns the exit code (2 for bad
 * arguments, 1 for any other failure); errors are printed, never thrown.
 *
 * @example
 * process.exitCode = await runCompactCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
 */
export async function runCompactCli(argv: readonly string[], io: CompactCliIo): Promise<number> {
  try {
    const now = io.now?.() ?? new Date();
    const options = parseCompactArgs(argv);
    if (options.help) {
      io.stdout.write(COMPACT_USAGE);
      return 0;
    }
    const { config, path } = await loadTrackerConfig({
      cwd: io.cwd,
      env: io.env,
      ...(options.config ? { path: options.config } : {}),
    });
    // Days end at midnight in the partitions' time zone (UTC unless the config says otherwise); a day
    // still being written would be hidden from the reading view from then on.
    const today = partitionDayText(partitionDayOf(now, config.partitionTimeZone));
    if (options.day && partitionDayText(options.day) >= today) {
      throw new UsageError(
        `--day ${partitionDayText(options.day)} has not ended yet (today is ${today}): only past days`,
      );
    }
    const root = dirname(path);
    const dataDir = resolve(options.dataDir ? io.cwd : root, options.dataDir ?? io.env.DATA_DIR ?? '.data');
    const apps = selectApps(config.apps, options.apps);
    // A mistyped folder would otherwise read as "every day is compacted already".
    const problem = await localDataProblem(dataDir, apps);
    if (problem) throw new NoLocalDataError(dataDir, problem, 'compact');
    const done = await compactLocal({
      dataDir,
      config,
      apps,
      ...(options.day ? { day: options.day } : {}),
      now,
      onDay: (day) => io.stderr.write(progressLine(day)),
    });
    const rows = done.reduce((sum, day) => sum + day.rows, 0);
    io.stdout.write(
      done.length === 0
        ? `Nothing to compact in ${dataDir}: no complete day (before today) is left uncompacted; a day is compacted once it has ended.\n`
        : `Compacted ${done.length} app-day(s), ${rows} rows, into ${dataDir}.\n`,
    );
    return 0;
  } catch (error) {
    io.stderr.write(
      `${error instanceof QueryError || error instanceof SchemaError ? error.message : `Unexpected error: ${String(error)}`}\n`,
    );
    return error instanceof QueryError && error.code === 'USAGE' ? 2 : 1;
  }
}
