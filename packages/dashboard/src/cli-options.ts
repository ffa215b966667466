import { parseArgs } from 'node:util';
import { DashboardUsageError } from './errors.js';

/** What `npm run dashboard -- …` was asked to do. */
export interface DashboardCliOptions {
  athena: boolean;
  workgroup?: string;
  database?: string;
  outputLocation?: string;
  region?: string;
  dataDir?: string;
  config?: string;
  port: number;
  help: boolean;
}

/** `npm run dashboard -- --help`. */
export const DASHBOARD_USAGE = `Open the traffic dashboard on http://localhost:3001 (local only).

Usage:
  npm run dashboard                       the data npm run offline collected (DuckDB)
  npm run dashboard -- --athena           the production tables, with your AWS credentials

Options:
  --port <n>                port (default $DASHBOARD_PORT, else 3001)
  --data-dir <dir>          local data folder written by \`npm run offline\` (default $DATA_DIR or .data)
  --config <file>           tracker config (default $TRACKER_CONFIG or tracker.config.ts)
  --athena                  read the Athena tables instead
  --workgroup <name>        Athena workgroup (default: athena.workgroup in the config, else primary)
  --database <name>         Athena database (default: glueDatabase in the config)
  --output-location <s3>    s3://bucket/prefix/ for results (default: athena.resultsLocation)
  --region <region>         AWS region (default: $AWS_REGION, else region in the config)
`;

function parsePort(value: string, from: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new DashboardUsageError(`${from} must be a port number (0-65535), got "${value}"`);
  return port;
}

/**
 * Parses the arguments after `npm run dashboard --` (the same Athena flags as `npm run query`).
 *
 * @example
 * parseDashboardArgs(['--athena', '--workgroup', 'analytics'], {}); // { athena: true, workgroup: 'analytics', port: 3001, ... }
 */
export function parseDashboardArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): DashboardCliOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(argv));
  } catch (error) {
    throw new DashboardUsageError(`${(error as Error).message}\n\n${DASHBOARD_USAGE}`);
  }
  const port =
    values.port !== undefined
      ? parsePort(values.port, '--port')
      : env.DASHBOARD_PORT
        ? parsePort(env.DASHBOARD_PORT, 'DASHBOARD_PORT')
        : 3001;
  return {
    ...(values.workgroup === undefined ? {} : { workgroup: values.workgroup }),
    ...(values.database === undefined ? {} : { database: values.database }),
    ...(values['output-location'] === undefined ? {} : { outputLocation: values['output-location'] }),
    ...(values.region === undefined ? {} : { region: values.region }),
    ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
    ...(values.config === undefined ? {} : { config: values.config }),
    athena: values.athena ?? false,
    port,
    help: values.help ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: false,
    strict: true,
    options: {
      athena: { type: 'boolean' },
      workgroup: { type: 'string' },
      database: { type: 'string' },
      'output-location': { type: 'string' },
      region: { type: 'string' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
