/**
 * `npm run synth`: reads tracker.config.ts, synthesizes the Terraform stack with the handler bundle
 * (built just before by the root script), and prints the folder to run Terraform in.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InfraError } from './errors.js';
import { loadTrackerConfig } from './load-config.js';
import { nextSteps } from './next-steps.js';
import { synthTracker } from './synth.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const configPath = process.env.TRACKER_CONFIG ?? `${root}tracker.config.ts`;

try {
  const config = await loadTrackerConfig(configPath);
  const { stackDir } = synthTracker({
    config,
    bundleDir: `${root}packages/handler/dist/lambda`,
    outdir: `${root}terraform/cdktf.out`,
  });
  // npm runs workspace scripts inside the workspace; print paths relative to where the user typed.
  const from = process.env.INIT_CWD ?? process.cwd();
  console.log(nextSteps(relative(from, stackDir) || '.', config));
} catch (error) {
  if (!(error instanceof InfraError)) throw error;
  console.error(`synth failed (${error.code}): ${error.message}`);
  process.exitCode = 1;
}
