import { parseArgs } from 'node:util';
import { BACKEND_ARGS, BACKEND_USAGE, type BackendOptions, backendOptions } from '@analytics-tracker/query';
import { DashboardUsageError } from './errors.js';

/** What `npm run dashboard -- …` was asked to do. */
export interface DashboardCliOptions extends BackendOptions {
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
${BACKEND_USAGE}`;

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
    ...backendOptions(values),
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
      ...BACKEND_ARGS,
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
