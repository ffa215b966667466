import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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
  /**
   * Terraform's provider lock file, kept outside `outdir` (which git ignores) so it can be committed.
   * Defaults to `<outdir>/../.terraform.lock.hcl` (terraform/.terraform.lock.hcl).
   */
  lockFile?: string;
}

/** What was written. */
export interface SynthResult {
  /** The folder to run Terraform in (`terraform -chdir=<stackDir> …`). */
  stackDir: string;
  stateFile: string;
  lockFile: string;
}

/**
 * Oldest Terraform that can apply the stack: the Glue import ids are expressions
 * (`${account_id}:<database>`), which import blocks accept since Terraform 1.6 (1.5 took literals only).
 * An older Terraform stops at `init` with this constraint instead of failing on the import blocks.
 */
const REQUIRED_TERRAFORM_VERSION = '>= 1.6.0';

/** The file `terraform init` writes with the providers' versions and checksums. */
export const LOCK_FILE_NAME = '.terraform.lock.hcl';

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
  const lockFile = resolve(options.lockFile ?? join(outdir, '..', LOCK_FILE_NAME));
  // What `terraform init` recorded in the synthesized folder goes out to the committed file first,
  // then the committed file comes back in: the lock survives re-synthesis and a fresh clone.
  const initLock = join(stackDir, LOCK_FILE_NAME);
  if (existsSync(initLock)) copyFileSync(initLock, lockFile);
  // CDKTF creates only the last folder of outdir: `--outdir out/cdktf.out` in a fresh clone failed.
  mkdirSync(outdir, { recursive: true });
  mkdirSync(dirname(stateFile), { recursive: true });
  const app = new App({ outdir, skipValidation: false });
  const stack = new TrackerStack(app, stackName, { config: options.config, bundleDir: options.bundleDir });
  // Relative, so the stack folder can be moved with its state (Terraform resolves it from -chdir).
  new LocalBackend(stack, { path: relative(stackDir, stateFile) });
  stack.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
  app.synth();
  if (existsSync(lockFile)) copyFileSync(lockFile, initLock);
  return { stackDir, stateFile, lockFile };
}
