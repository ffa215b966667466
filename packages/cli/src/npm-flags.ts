/**
 * `npm run query --name x` (no `--`) hands `--name x` to npm, not to the command. npm keeps such a
 * flag as its own config and exports it as `npm_config_<flag>`: with its value (`--name x` →
 * `npm_config_name=x`), or as `true` while the value becomes a plain argument (`--data-dir /d` →
 * `npm_config_data_dir=true` and `/d`); some it takes as an abbreviation of its own config and
 * exports nothing (`--format csv` becomes `--format-package-lock`, leaving `csv`). The command
 * would run without them, so these helpers rebuild the line the user meant.
 */
import { parseArgs } from 'node:util';

/** A command's flags, in `node:util` `parseArgs` form. */
export type FlagOptions = Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;

/** The values of a flag npm swallows without a trace: a list, or a test of one bare argument. */
export type FlagWords = readonly string[] | ((word: string) => boolean);

/** A flag npm kept for itself, with its value (none for a boolean flag). */
export interface SwallowedFlag {
  flag: string;
  value?: string;
}

/**
 * True when the process was started by an npm script whose command is the `tracker` bin (`npm run
 * query` runs `tracker query`): then npm chose the working directory (the repository root) and may
 * have kept flags meant for the command.
 *
 * @example
 * startedByTrackerScript({ npm_lifecycle_script: 'tracker query' }); // true
 */
export function startedByTrackerScript(env: Record<string, string | undefined>): boolean {
  return /^tracker(\s|$)/.test(env.npm_lifecycle_script ?? '');
}

function positionalIndexes(argv: readonly string[], options: FlagOptions): number[] {
  const { tokens } = parseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  return tokens.flatMap((token) => (token.kind === 'positional' ? [token.index] : []));
}

/**
 * The flags npm kept, and the arguments that really were the command's. `wordsOf` names flags npm
 * swallows without a trace and their possible values (`{ format: ['table', 'csv', 'json'] }`, or a
 * test such as "a YYYY-MM-DD day"): a bare argument that is one of them is taken as that flag's value.
 *
 * @example
 * swallowedFlags({ npm_config_name: 'top_pages' }, QUERY_ARGS, ['csv'], { format: ['csv'] });
 * // { flags: [{ flag: 'name', value: 'top_pages' }, { flag: 'format', value: 'csv' }], argv: [] }
 */
export function swallowedFlags(
  env: Record<string, string | undefined>,
  options: FlagOptions,
  argv: readonly string[],
  wordsOf: Readonly<Record<string, FlagWords>> = {},
): { flags: SwallowedFlag[]; argv: string[] } {
  const given = new Set(argv.filter((arg) => arg.startsWith('--')).map((arg) => arg.slice(2).split('=')[0]));
  const free = positionalIndexes(argv, options);
  const taken = new Set<number>();
  const take = (match: (arg: string) => boolean): string | undefined => {
    const index = free.find((i) => !taken.has(i) && match(argv[i] ?? ''));
    if (index === undefined) return undefined;
    taken.add(index);
    return argv[index];
  };
  const flags: SwallowedFlag[] = [];
  const pending: string[] = [];
  for (const [flag, { type }] of Object.entries(options)) {
    if (given.has(flag)) continue;
    const value = env[`npm_config_${flag.replaceAll('-', '_')}`];
    const words = wordsOf[flag];
    if (value === undefined) {
      const word =
        words === undefined
          ? undefined
          : take(typeof words === 'function' ? words : (arg) => words.includes(arg));
      if (word !== undefined) flags.push({ flag, value: word });
    } else if (type === 'boolean') flags.push({ flag });
    else if (value !== 'true') flags.push({ flag, value });
    else pending.push(flag);
  }
  // A string flag exported as `true`: its value is one of the bare arguments, in the order typed.
  for (const flag of pending) {
    const value = take(() => true);
    flags.push(value === undefined ? { flag } : { flag, value });
  }
  return { flags, argv: argv.filter((_, i) => !taken.has(i)) };
}

const SAFE_WORD = /^[\w@%+=:,./-]+$/;

/**
 * One argument as a POSIX shell word: as is when safe, else in single quotes.
 *
 * @example
 * shellWord("SELECT 'a'"); // `'SELECT '\''a'\'''`
 */
export function shellWord(arg: string): string {
  return SAFE_WORD.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * The line to type instead: the npm script, `--`, the command's own arguments, then the flags npm kept.
 *
 * @example
 * correctedCommand('query', [], [{ flag: 'name', value: 'top_pages' }, { flag: 'format', value: 'csv' }]);
 * // 'npm run query -- --name top_pages --format csv'
 */
export function correctedCommand(
  script: string,
  argv: readonly string[],
  swallowed: readonly SwallowedFlag[],
): string {
  const flags = swallowed.flatMap(({ flag, value }) =>
    value === undefined ? [`--${flag}`] : [`--${flag}`, value],
  );
  return ['npm', 'run', script, '--', ...[...argv, ...flags].map(shellWord)].join(' ');
}
