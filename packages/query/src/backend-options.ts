import { deploymentNames, type TrackerConfig } from '@analytics-tracker/schema';

/**
 * Where queries run, as chosen on the command line: the flags `npm run query` and
 * `npm run dashboard` share (local DuckDB by default, Athena with `--athena`).
 */
export interface BackendOptions {
  athena: boolean;
  workgroup?: string;
  database?: string;
  outputLocation?: string;
  region?: string;
  dataDir?: string;
  config?: string;
}

/**
 * The shared flags, in `node:util` `parseArgs` form; spread them into a command's own options.
 *
 * @example
 * parseArgs({ args, options: { ...BACKEND_ARGS, port: { type: 'string' } } });
 */
export const BACKEND_ARGS = {
  athena: { type: 'boolean' },
  workgroup: { type: 'string' },
  database: { type: 'string' },
  'output-location': { type: 'string' },
  region: { type: 'string' },
  'data-dir': { type: 'string' },
  config: { type: 'string' },
} as const;

/** `--help` lines for the shared flags. */
export const BACKEND_USAGE = `  --data-dir <dir>          local data folder written by \`npm run offline\` (default $DATA_DIR or .data)
  --config <file>           tracker config (default: $TRACKER_CONFIG, else the nearest tracker.config.ts)
  --athena                  run on Athena instead, with your AWS credentials
  --workgroup <name>        Athena workgroup (default: the deployment's: athena.workgroup, else <apiName>[-<env>]-workgroup)
  --database <name>         Athena database (default: the deployment's: glueDatabase[_<env>])
  --output-location <s3>    s3://bucket/prefix/ for results (default: athena.resultsLocation)
  --region <region>         AWS region (default: $AWS_REGION, else region in the config)
`;

type BackendValues = {
  athena?: boolean;
  workgroup?: string;
  database?: string;
  'output-location'?: string;
  region?: string;
  'data-dir'?: string;
  config?: string;
};

/**
 * The shared flags' values as `BackendOptions` (absent flags stay absent).
 *
 * @example
 * backendOptions({ athena: true, 'output-location': 's3://r/' }); // { athena: true, outputLocation: 's3://r/' }
 */
export function backendOptions(values: BackendValues): BackendOptions {
  return {
    ...(values.workgroup === undefined ? {} : { workgroup: values.workgroup }),
    ...(values.database === undefined ? {} : { database: values.database }),
    ...(values['output-location'] === undefined ? {} : { outputLocation: values['output-location'] }),
    ...(values.region === undefined ? {} : { region: values.region }),
    ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
    ...(values.config === undefined ? {} : { config: values.config }),
    athena: values.athena ?? false,
  };
}

/** Athena settings after flags, environment and `tracker.config.ts` are combined. */
export interface AthenaSettings {
  region: string;
  database: string;
  workgroup: string;
  outputLocation?: string;
}

/**
 * Resolves Athena settings: a flag wins, then the environment (region), then what the deployment
 * of this config created (`deploymentNames`: the database `<glueDatabase>[_<environment>]`, the
 * workgroup `athena.workgroup`, else `<apiName>[-<environment>]-workgroup`).
 *
 * @example
 * athenaSettings({ athena: true }, config, process.env); // { region: 'us-east-1', database: 'analytics_db', workgroup: 'mycompany-analytics-api-workgroup' }
 */
export function athenaSettings(
  options: BackendOptions,
  config: TrackerConfig,
  env: Record<string, string | undefined>,
): AthenaSettings {
  const outputLocation = options.outputLocation ?? config.athena.resultsLocation;
  // What the deployment created from this config (terraform's names): the environment-scoped
  // database and the tracker's own workgroup, which holds the results location.
  const deployed = deploymentNames(config);
  return {
    region: options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? config.region,
    database: options.database ?? deployed.glueDatabase,
    workgroup: options.workgroup ?? deployed.workgroup,
    ...(outputLocation ? { outputLocation } : {}),
  };
}
