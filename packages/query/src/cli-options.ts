import { parseArgs } from 'node:util';
import { BACKEND_ARGS, BACKEND_USAGE, type BackendOptions, backendOptions } from './backend-options.js';
import { UsageError } from './errors.js';
import { OUTPUT_FORMATS, type OutputFormat } from './format.js';

/** What `npm run query -- …` was asked to do. */
export interface QueryCliOptions extends BackendOptions {
  /** SQL given on the command line. */
  sql?: string;
  file?: string;
  name?: string;
  format: OutputFormat;
  help: boolean;
}

/** `npm run query -- --help`. */
export const QUERY_USAGE = `Run SQL over the analytics tables: locally with DuckDB (default) or on Athena.

Usage:
  npm run query -- "SELECT ..."                     run SQL text
  npm run query -- --file sql/example-queries.sql   run every statement of a file
  npm run query -- --name daily_page_views          run one named query (from sql/example-queries.sql,
                                                    or from --file)
  npx tracker query --name top_pages --format csv > top.csv
                                                    the same, with only the result on stdout
                                                    (npm run prints its own banner there first)
Options:
  --format table|csv|json   output format (default table; csv opens in any spreadsheet)
${BACKEND_USAGE}`;

/**
 * Parses the arguments after `npm run query --`.
 *
 * @example
 * parseQueryArgs(['--name', 'daily_page_views', '--format', 'csv']); // { name: 'daily_page_views', format: 'csv', ... }
 */
export function parseQueryArgs(argv: readonly string[]): QueryCliOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${QUERY_USAGE}`);
  }
  const { values, positionals } = parsed;
  const format = values.format ?? 'table';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')} (got "${format}")`);
  }
  if (positionals.length > 1)
    throw new UsageError('Pass the SQL as ONE argument: npm run query -- "SELECT ..."');
  const sql = positionals[0];
  if (sql !== undefined && (values.file !== undefined || values.name !== undefined)) {
    throw new UsageError('Pass either SQL text or --file/--name, not both');
  }
  if (!values.help && sql === undefined && values.file === undefined && values.name === undefined) {
    throw new UsageError(`Nothing to run.\n\n${QUERY_USAGE}`);
  }
  return {
    ...(sql === undefined ? {} : { sql }),
    ...(values.file === undefined ? {} : { file: values.file }),
    ...(values.name === undefined ? {} : { name: values.name }),
    ...backendOptions(values),
    format: format as OutputFormat,
    help: values.help ?? false,
  };
}

/**
 * The flags of `npm run query`, in `node:util` `parseArgs` form (the `tracker` command reads their
 * names to spot flags npm took for itself).
 *
 * @example
 * Object.keys(QUERY_ARGS); // ['file', 'name', 'format', 'athena', …, 'help']
 */
export const QUERY_ARGS = {
  file: { type: 'string', short: 'f' },
  name: { type: 'string', short: 'n' },
  format: { type: 'string' },
  ...BACKEND_ARGS,
  help: { type: 'boolean', short: 'h' },
} as const;

// SQL that starts with a line comment (`-- name: headline`, as the dashboard's "Show SQL" copies it):
// two dashes then white space, which no flag has.
const SQL_COMMENT_START = /^--\s/;

/**
 * Moves SQL text that starts with a `--` comment behind the `--` terminator, where `parseArgs`
 * reads it as the statement it is instead of refusing it as an unknown option.
 */
function sqlAsPositional(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  const before = end === -1 ? argv : argv.slice(0, end);
  const after = end === -1 ? [] : argv.slice(end + 1);
  const sql = before.filter((arg) => SQL_COMMENT_START.test(arg));
  if (sql.length === 0) return [...argv];
  return [...before.filter((arg) => !SQL_COMMENT_START.test(arg)), '--', ...sql, ...after];
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: sqlAsPositional(argv),
    allowPositionals: true,
    strict: true,
    options: QUERY_ARGS,
  });
}
