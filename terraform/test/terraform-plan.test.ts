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
import { ACCOUNT_ID_REF, stubBundleDir, tempDir } from './fixtures.js';
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
};
/**
 * What each plan must import, from the configs as written: the repository's adopts nothing;
 * every-option.config.ts adopts the `legacy` and `archive` buckets, the log group, the Glue database and
 * only `legacy`'s table (`adoptTable`): `web`, `mobile` and `archive` are new apps whose tables do not
 * exist yet.
 */
const expectedImports: Record<keyof typeof stacks, string[]> = {
  default: [],
  'every-option': [
    'aws_cloudwatch_log_group.tracker',
    'aws_glue_catalog_database.analytics',
    'aws_glue_catalog_table.legacy_events',
    'aws_s3_bucket.app_archive',
    'aws_s3_bucket.app_legacy',
  ],
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

/**
 * Runs `terraform test -verbose` in the stack folder (verbose prints each run's plan, so the imports
 * can be read from it); returns its output, failing with it when a run fails.
 */
function terraformTest(stackDir: string): string {
  const init = runTerraform(stackDir, ['init', '-backend=false', '-input=false', '-no-color'], cliConfig);
  expect(init.status, init.output).toBe(0);
  const result = runTerraform(stackDir, ['test', '-verbose', '-no-color'], cliConfig);
  // Shown in the test log, so each run's pass is visible and not only implied by a green test; the
  // plan bodies are left out (thousands of lines), the verdicts, imports and plan totals kept.
  const summary = result.output
    .split('\n')
    .filter((line) =>
      /^(tests\/|Success!|Failure!|Plan:|Error:|│)|^ {2}(run "|# \S+ will be imported$)/.test(line),
    )
    .join('\n');
  console.log(`terraform test -verbose (${stackDir}):\n${summary.trim()}`);
  expect(result.status, result.output).toBe(0);
  return result.output;
}

/** Each stack's `terraform test -verbose` output, kept for the checks of what its plan holds. */
const planOutputs: Partial<Record<keyof typeof stacks, string>> = {};

/** The addresses a plan output says it will create (`# <address> will be created`). */
const created = (output: string) =>
  new Set([...output.matchAll(/^ {2}# (\S+) will be created$/gm)].map((match) => match[1]));

function stackJson(name: keyof typeof stacks) {
  return JSON.parse(readFileSync(join(stacks[name], 'cdk.tf.json'), 'utf8')) as {
    terraform: { required_version?: string };
    import?: { to: string; id: string }[];
    resource: Record<string, Record<string, { lifecycle?: { prevent_destroy?: boolean } }>>;
  };
}

describe('terraform test: plans asserted against AWS rules', () => {
  for (const [name, stackDir] of Object.entries(stacks)) {
    it.skipIf(skipReason !== undefined)(
      title(`passes every run of plan/${name}.tftest.hcl`),
      () => {
        const output = terraformTest(stackDir);
        planOutputs[name as keyof typeof stacks] = output;
        const runs = readFileSync(planTests(name), 'utf8').match(/^run "/gm)?.length ?? 0;
        expect(runs).toBeGreaterThan(0);
        expect(output).toContain(`Success! ${runs} passed, 0 failed.`);
        // An import of a resource that does not exist fails the whole apply: only what the config
        // says exists is imported, in every run's plan.
        const imported = [...output.matchAll(/^ {2}# (\S+) will be imported$/gm)].map((match) => match[1]);
        expect(imported.length).toBe(runs * expectedImports[name as keyof typeof stacks].length);
        expect([...new Set(imported)].sort()).toEqual(expectedImports[name as keyof typeof stacks]);
      },
      600_000,
    ); // each run block is a full plan: minutes on a busy machine
  }
});

describe("adopted buckets shared with other teams (every-option's `archive`)", () => {
  it.skipIf(skipReason !== undefined)(
    title(
      "plan no lifecycle configuration and no bucket policy for them: S3 would replace the others' whole",
    ),
    () => {
      const plan = created(planOutputs['every-option'] ?? '');
      // Managed adopted and created buckets keep both: the contrast shows the plan was read.
      for (const managed of ['app_legacy', 'app_web']) {
        expect(plan).toContain(`aws_s3_bucket_lifecycle_configuration.${managed}`);
        expect(plan).toContain(`aws_s3_bucket_policy.${managed}`);
      }
      expect(plan).not.toContain('aws_s3_bucket_lifecycle_configuration.app_archive');
      expect(plan).not.toContain('aws_s3_bucket_policy.app_archive');
      // Still locked down where a setting is the tracker's alone: public access blocked.
      expect(plan).toContain('aws_s3_bucket_public_access_block.app_archive');
    },
  );
});

describe('delete protection of what is adopted', () => {
  it("every imported resource (the original's bucket, log group, Glue database and table) has prevent_destroy", () => {
    const json = stackJson('every-option');
    const imported = (json.import ?? []).map((entry) => entry.to);
    expect(imported).toHaveLength(expectedImports['every-option'].length);
    for (const address of imported) {
      const [type = '', id = ''] = address.split('.');
      expect({ address, protect: json.resource[type]?.[id]?.lifecycle?.prevent_destroy }).toEqual({
        address,
        protect: true,
      });
    }
  });

  it('leaves a log group and Glue database the stack creates destroyable (the default config adopts none)', () => {
    const json = stackJson('default');
    expect(json.resource.aws_cloudwatch_log_group?.tracker?.lifecycle?.prevent_destroy).toBeUndefined();
    expect(json.resource.aws_glue_catalog_database?.analytics?.lifecycle?.prevent_destroy).toBeUndefined();
  });
});

describe('the Terraform version the generated configuration needs', () => {
  it('is at least 1.6, where import blocks first take expressions (the Glue ids hold the account id)', () => {
    for (const name of Object.keys(stacks) as (keyof typeof stacks)[]) {
      expect(stackJson(name).terraform.required_version).toBe('>= 1.6.0');
    }
  });
});

describe('imports of the every-option plan (environment "staging" adopting the original tracker)', () => {
  it("import the original tracker's names, which never carried an environment", () => {
    const json = JSON.parse(readFileSync(join(stacks['every-option'], 'cdk.tf.json'), 'utf8')) as {
      import?: { to: string; id: string }[];
    };
    // The original's names from its README (`/aws/lambda/<functionPrefix>-analytics-tracker`, the
    // `<glueDatabase>` database, `<app>_events` tables), with every-option.config.ts's values; the
    // Glue ids are `<catalog id>:<database>[:<table>]`, the catalog id being the account.
    expect(Object.fromEntries((json.import ?? []).map((entry) => [entry.to, entry.id]))).toEqual({
      'aws_s3_bucket.app_legacy': 'acme-legacy-analytics',
      'aws_s3_bucket.app_archive': 'acme-shared-archive',
      'aws_cloudwatch_log_group.tracker': '/aws/lambda/acme-analytics-tracker',
      'aws_glue_catalog_database.analytics': `${ACCOUNT_ID_REF}:acme_analytics`,
      'aws_glue_catalog_table.legacy_events': `${ACCOUNT_ID_REF}:acme_analytics:legacy_events`,
    });
  });
});
