/**
 * The plan suite: `terraform test` (mocked AWS provider, `command = plan`) over the stack of the
 * repository's tracker.config.ts and over one with every option on. The assertions live in
 * test/plan/*.tftest.hcl, written from AWS's naming rules and what a platform team checks in a plan.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTrackerConfig } from '@analytics-tracker/config';
import type { TrackerConfig } from '@analytics-tracker/schema';
import { describe, expect, it } from 'vitest';
import { synthTracker } from '../src/synth.js';
import { stubBundleDir, tempDir } from './fixtures.js';
import { findProviderMirror, renderCliConfig, runTerraform, terraformAvailable } from './terraform-cli.js';

const ROOT_CONFIG = fileURLToPath(new URL('../../tracker.config.ts', import.meta.url));
const EVERY_OPTION_CONFIG = fileURLToPath(new URL('./plan/every-option.config.ts', import.meta.url));
const planTests = (name: string) => fileURLToPath(new URL(`./plan/${name}.tftest.hcl`, import.meta.url));

/** Synthesizes `config` and puts the test file next to it, where `terraform test` looks (tests/). */
function stackWithTests(config: TrackerConfig, testFile: string): string {
  const { stackDir } = synthTracker({
    config,
    bundleDir: stubBundleDir(),
    outdir: join(tempDir('tracker-plan-'), 'cdktf.out'),
  });
  mkdirSync(join(stackDir, 'tests'));
  copyFileSync(testFile, join(stackDir, 'tests', 'plan.tftest.hcl'));
  return stackDir;
}

function pinnedAwsVersion(stackDir: string): string {
  const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    terraform: { required_providers: { aws: { version: string } } };
  };
  return json.terraform.required_providers.aws.version;
}

/** Through the loader every command uses, as `npm run synth -- --config <path>` does. */
const load = async (path: string) => (await loadTrackerConfig({ cwd: process.cwd(), path })).config;
const stacks = {
  default: stackWithTests(await load(ROOT_CONFIG), planTests('default')),
  'every-option': stackWithTests(await load(EVERY_OPTION_CONFIG), planTests('every-option')),
  compaction: stackWithTests(await load(EVERY_OPTION_CONFIG), planTests('compaction')),
};
const awsVersion = pinnedAwsVersion(stacks.default);
const mirror = findProviderMirror(awsVersion);
const skipReason = !terraformAvailable()
  ? 'terraform is not on the PATH'
  : mirror === undefined
    ? `no offline mirror of hashicorp/aws ${awsVersion} found (set TF_PROVIDER_MIRROR)`
    : undefined;
const cliConfig = mirror === undefined ? '' : renderCliConfig(mirror, tempDir('terraformrc-'));
const title = (what: string) => (skipReason === undefined ? what : `${what} (skipped: ${skipReason})`);

/** Runs `terraform test` in the stack folder; returns its output, failing with it when a run fails. */
function terraformTest(stackDir: string): string {
  const init = runTerraform(stackDir, ['init', '-backend=false', '-input=false', '-no-color'], cliConfig);
  expect(init.status, init.output).toBe(0);
  const result = runTerraform(stackDir, ['test', '-no-color'], cliConfig);
  // Shown in the test log, so each run's pass is visible and not only implied by a green test.
  console.log(`terraform test (${stackDir}):\n${result.output.trim()}`);
  expect(result.status, result.output).toBe(0);
  return result.output;
}

describe('terraform test: plans asserted against AWS rules', () => {
  for (const [name, stackDir] of Object.entries(stacks)) {
    it.skipIf(skipReason !== undefined)(
      title(`passes every run of plan/${name}.tftest.hcl`),
      () => {
        const output = terraformTest(stackDir);
        const runs = readFileSync(planTests(name), 'utf8').match(/^run "/gm)?.length ?? 0;
        expect(runs).toBeGreaterThan(0);
        expect(output).toContain(`Success! ${runs} passed, 0 failed.`);
      },
      600_000,
    ); // each run block is a full plan: minutes on a busy machine
  }
});
