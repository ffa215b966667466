import { join, relative, resolve } from 'node:path';
import { deploymentNames, type TrackerConfig } from '@analytics-tracker/schema';
import { App, LocalBackend } from 'cdktf';
import { TrackerStack } from './tracker-stack.js';

/** Where to synthesize, from what. */
export interface SynthOptions {
  config: TrackerConfig;
  /** Folder with the handler bundle (`index.mjs`). */
  bundleDir: string;
  /** CDKTF output folder, e.g. terraform/cdktf.out. */
  outdir: string;
  /**
   * Local state file. Kept outside `outdir` so re-synthesizing (or deleting cdktf.out) never loses it.
   * Defaults to `<outdir>/../state/<stack>.tfstate`: one file per environment.
   */
  stateFile?: string;
}

/** What was written. */
export interface SynthResult {
  /** The folder to run Terraform in (`terraform -chdir=<stackDir> …`). */
  stackDir: string;
  stateFile: string;
}

/**
 * Synthesizes the tracker stack to Terraform JSON (`<outdir>/stacks/analytics-tracker[-<environment>]/cdk.tf.json`),
 * copying the zipped handler bundle next to it.
 *
 * @example
 * const { stackDir } = synthTracker({ config, bundleDir: 'packages/handler/dist/lambda', outdir: 'terraform/cdktf.out' });
 * // terraform -chdir=<stackDir> init && terraform -chdir=<stackDir> apply
 */
export function synthTracker(options: SynthOptions): SynthResult {
  const outdir = resolve(options.outdir);
  const stackName = deploymentNames(options.config).stack;
  const stackDir = join(outdir, 'stacks', stackName);
  const stateFile = resolve(options.stateFile ?? join(outdir, '..', 'state', `${stackName}.tfstate`));
  const app = new App({ outdir, skipValidation: false });
  const stack = new TrackerStack(app, stackName, { config: options.config, bundleDir: options.bundleDir });
  // Relative, so the stack folder can be moved with its state (Terraform resolves it from -chdir).
  new LocalBackend(stack, { path: relative(stackDir, stateFile) });
  app.synth();
  return { stackDir, stateFile };
}
