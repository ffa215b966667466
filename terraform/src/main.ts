/**
 * `npm run synth [-- --config <file>]`: loads tracker.config.ts with the one loader every command uses
 * (`--config`, else `TRACKER_CONFIG`, else the nearest file), synthesizes the Terraform stack with the
 * handler bundle (built just before by the root script), and prints the folder to run Terraform in.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadTrackerConfig } from '@analytics-tracker/config';
import { SchemaError } from '@analytics-tracker/schema';
import { InfraError } from './errors.js';
import { nextSteps } from './next-steps.js';
import { synthTracker } from './synth.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
// npm runs scripts inside the package; resolve paths from where the user typed.
const from = process.env.INIT_CWD ?? process.cwd();

try {
  const { values } = parseArgs({ options: { config: { type: 'string' } } });
  const { config } = await loadTrackerConfig({ cwd: from, path: values.config, env: process.env });
  const { stackDir } = synthTracker({
    config,
    bundleDir: `${root}packages/handler/dist/lambda`,
    outdir: `${root}terraform/cdktf.out`,
  });
  console.log(nextSteps(relative(from, stackDir) || '.', config));
} catch (error) {
  if (error instanceof InfraError || error instanceof SchemaError) {
    console.error(`synth failed (${error.code}): ${error.message}`);
  } else if (
    error instanceof TypeError &&
    'code' in error &&
    String(error.code).startsWith('ERR_PARSE_ARGS')
  ) {
    console.error(`synth failed: ${error.message}. Usage: npm run synth [-- --config <file>]`);
  } else {
    throw error;
  }
  process.exitCode = 1;
}
