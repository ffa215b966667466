import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import { OUTPUT_FORMATS, type OutputFormat } from './format.js';

/** What `npm run query -- …` was asked to do. */
export interface QueryCliOptions {
  /** SQL given on the command line. */
  sql?: string;
  file?: string;
  name?: string;
  format: OutputFormat;
  athena: boolean;
  workgroup?: string;
  database?: string;
  outputLocation?: string;
  region?: string;
  dataDir?: string;
  config?: string;
  help: boolean;
}

/** `npm run query -- --help`. */
export const QUERY_USAGE = `Run SQL over the analytics tables: locally with DuckDB (default) or on Athena.

Usage:
  npm run query -- "SELECT ..."                     run SQL text
  npm run query -- --file sql/example-queries.sql   run every statement of a file
  npm run query -- --name daily_page_views          run one named query (from sql/example-queries.sql,
                                                    or from --file)
Options:
  --format table|csv|json   output format (default table; csv opens in any spreadsheet)
  --data-dir <dir>          local data folder written by \`npm run offline\` (default $DATA_DIR or .data)
  --config <file>           tracker config (default: the nearest tracker.config.ts)
  --athena                  run on Athena instead, with your AWS credentials
  --workgroup <name>        Athena workgroup (default: athena.workgroup in the config, else primary)
  --database <name>         Athena database (default: glueDatabase in the config)
  --output-location <s3>    s3://bucket/prefix/ for results (default: athena.resultsLocation)
  --region <region>         AWS region (default: $AWS_REGION, else region in the config)
`;

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
    ...(values.workgroup === undefined ? {} : { workgroup: values.workgroup }),
    ...(values.database === undefined ? {} : { database: values.database }),
    ...(values['output-location'] === undefined ? {} : { outputLocation: values['output-location'] }),
    ...(values.region === undefined ? {} : { region: values.region }),
    ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
    ...(values.config === undefined ? {} : { config: values.config }),
    format: format as OutputFormat,
    athena: values.athena ?? false,
    help: values.help ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      file: { type: 'string', short: 'f' },
      name: { type: 'string', short: 'n' },
      format: { type: 'string' },
      athena: { type: 'boolean' },
      workgroup: { type: 'string' },
      database: { type: 'string' },
      'output-location': { type: 'string' },
      region: { type: 'string' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
