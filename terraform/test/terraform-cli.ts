/**
 * Runs the real Terraform CLI against a synthesized stack, offline: the AWS provider comes from a
 * filesystem mirror found at run time, through a CLI config rendered from terraformrc.template and
 * passed to the child process only (TF_CLI_CONFIG_FILE).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPLATE = fileURLToPath(new URL('../terraformrc.template', import.meta.url));

/** Where machine images usually put a provider mirror; `TF_PROVIDER_MIRROR` is checked first. */
export function mirrorSearchRoots(): string[] {
  return [
    process.env.TF_PROVIDER_MIRROR,
    '/opt',
    '/usr/share',
    '/usr/local/share',
    join(homedir(), '.terraform.d'),
  ].filter((root): root is string => root !== undefined && root !== '');
}

/** True when `terraform` runs. */
export function terraformAvailable(): boolean {
  const result = spawnSync('terraform', ['version'], { encoding: 'utf8', env: cliEnv() });
  return result.status === 0;
}

/**
 * The mirror root holding `registry.terraform.io/hashicorp/aws/<version>`, searching each root and
 * two levels below it (e.g. /opt/tf-plugins).
 */
export function findProviderMirror(version: string, roots = mirrorSearchRoots()): string | undefined {
  const holds = (dir: string) => existsSync(join(dir, 'registry.terraform.io', 'hashicorp', 'aws', version));
  for (const root of roots) {
    let level = [root];
    for (let depth = 0; depth <= 2 && level.length > 0; depth += 1) {
      const found = level.find(holds);
      if (found !== undefined) return found;
      level = level.flatMap(subdirectories);
    }
  }
  return undefined;
}

function subdirectories(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(dir, entry.name));
  } catch {
    return []; // unreadable: not where a mirror lives
  }
}

/** Writes the CLI config for `mirrorRoot` into `dir` and returns the file's path. */
export function renderCliConfig(mirrorRoot: string, dir: string): string {
  const text = readFileSync(TEMPLATE, 'utf8').replaceAll('{{MIRROR_ROOT}}', mirrorRoot.replaceAll('\\', '/'));
  const path = join(dir, 'terraformrc');
  writeFileSync(path, text);
  return path;
}

function cliEnv(cliConfigFile?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  if (cliConfigFile === undefined) delete env.TF_CLI_CONFIG_FILE;
  else env.TF_CLI_CONFIG_FILE = cliConfigFile;
  return env;
}

/** Result of one Terraform command. */
export interface TerraformRun {
  status: number | null;
  output: string;
}

/**
 * Runs `terraform -chdir=<dir> <args…>` with the given CLI config.
 *
 * @example
 * runTerraform(stackDir, ['validate', '-no-color'], cliConfig).output; // 'Success! The configuration is valid.'
 */
export function runTerraform(dir: string, args: string[], cliConfigFile: string): TerraformRun {
  const result = spawnSync('terraform', [`-chdir=${dir}`, ...args], {
    encoding: 'utf8',
    env: cliEnv(cliConfigFile),
    timeout: 600_000,
  });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}
