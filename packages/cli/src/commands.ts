import type { FlagOptions, FlagWords } from './npm-flags.js';

/** What every subcommand talks to (the process's own streams in the bin; tests pass theirs). */
export interface TrackerIo {
  /** Where the user typed the command. */
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** How a subcommand ended: an exit code, or a server left running until Ctrl-C. */
export interface CommandOutcome {
  exitCode: number;
  running?: { stop(): Promise<void> };
}

/** A subcommand, loaded only when it is the one asked for (so `tracker query` never loads s3rver). */
export interface LoadedCommand {
  /** Its flags, to spot the ones npm kept for itself (a forgotten `--`). */
  flags: FlagOptions;
  /** Flags npm takes without a trace (as abbreviations of its own), with their possible values. */
  npmSwallowsWords?: Readonly<Record<string, FlagWords>>;
  run(argv: readonly string[], io: TrackerIo): Promise<CommandOutcome>;
}

/** One entry of the `tracker` command table. */
export interface TrackerCommand {
  /** One line for `tracker --help`. */
  summary: string;
  /** The npm script that runs it (`npm run <script> -- …`). */
  script: string;
  /** It starts a server that runs until Ctrl-C (so Ctrl-C during its start stops it cleanly). */
  serves?: boolean;
  load(): Promise<LoadedCommand>;
}

/**
 * The subcommands of `tracker`, by name. Adding one is one entry here: a summary, its npm script and
 * a `load` that imports its package's runner (`runXxxCli(argv, io)`) and names its flags.
 *
 * @example
 * const command = await COMMANDS.query?.load();
 * process.exitCode = (await command?.run(['--name', 'top_pages'], io))?.exitCode ?? 1;
 */
export const COMMANDS: Readonly<Record<string, TrackerCommand>> = {
  query: {
    summary: 'run SQL, a file or a named query over the local data (DuckDB) or Athena',
    script: 'query',
    async load() {
      const { OUTPUT_FORMATS, QUERY_ARGS, runQueryCli } = await import('@analytics-tracker/query');
      return {
        flags: QUERY_ARGS,
        npmSwallowsWords: { format: OUTPUT_FORMATS },
        run: async (argv, io) => ({ exitCode: await runQueryCli(argv, io) }),
      };
    },
  },
  dashboard: {
    summary: 'the traffic dashboard on http://localhost:3001 (local data or --athena)',
    script: 'dashboard',
    serves: true,
    async load() {
      const [{ runDashboardCli }, { BACKEND_ARGS }] = await Promise.all([
        import('@analytics-tracker/dashboard'),
        import('@analytics-tracker/query'),
      ]);
      return {
        flags: { ...BACKEND_ARGS, port: { type: 'string' }, help: { type: 'boolean' } },
        async run(argv, io) {
          const { server, exitCode } = await runDashboardCli(argv, io);
          return server ? { exitCode, running: server } : { exitCode };
        },
      };
    },
  },
  offline: {
    summary: 'the tracker on this machine: the Lambda handler, writing to an embedded S3 under .data',
    script: 'offline',
    serves: true,
    async load() {
      const { OFFLINE_ARGS, runOfflineCli } = await import('@analytics-tracker/local');
      return {
        flags: OFFLINE_ARGS,
        async run(argv, io) {
          const { server, exitCode } = await runOfflineCli(argv, io);
          return server ? { exitCode, running: server } : { exitCode };
        },
      };
    },
  },
  compact: {
    summary: 'complete days of the local data → one deduplicated Parquet file per app and day',
    script: 'compact',
    async load() {
      const { COMPACT_ARGS, runCompactCli } = await import('@analytics-tracker/query');
      const day = (word: string) => /^\d{4}-\d{2}-\d{2}$/.test(word);
      return {
        flags: COMPACT_ARGS,
        // npm 11 reads `--day` as its own `-d -a -y` (loglevel info) and `--app` likewise, keeping
        // neither, and leaves their values as plain arguments, which compact never takes otherwise.
        // Only a word that can be an app name (the config's rule) is taken as `--app`: a folder left
        // by `--data-dir /d` (npm keeps that flag as `true`) stays the data folder's.
        npmSwallowsWords: { app: (word) => /^[a-z][a-z0-9_]{0,47}$/.test(word), day },
        run: async (argv, io) => ({ exitCode: await runCompactCli(argv, io) }),
      };
    },
  },
};
