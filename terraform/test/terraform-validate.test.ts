import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTrackerConfig } from '@analytics-tracker/config';
import type { TrackerConfig } from '@analytics-tracker/schema';
import { describe, expect, it } from 'vitest';
import { synthTracker } from '../src/synth.js';
import { stubBundleDir, tempDir, testConfig } from './fixtures.js';
import { findProviderMirror, renderCliConfig, runTerraform, terraformAvailable } from './terraform-cli.js';

const ROOT_CONFIG = fileURLToPath(new URL('../../tracker.config.ts', import.meta.url));

function synth(config: TrackerConfig): string {
  const outdir = tempDir('tracker-synth-');
  return synthTracker({ config, bundleDir: stubBundleDir(), outdir }).stackDir;
}

/** The AWS provider version the synthesized stack pins (from the CDKTF bindings). */
function pinnedAwsVersion(stackDir: string): string {
  const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    terraform: { required_providers: { aws: { version: string } } };
  };
  return json.terraform.required_providers.aws.version;
}

// Decided before the tests are declared, so a missing tool shows up as a skip with its reason.
const defaultStackDir = synth((await loadTrackerConfig({ cwd: process.cwd(), path: ROOT_CONFIG })).config);
const awsVersion = pinnedAwsVersion(defaultStackDir);
const mirror = findProviderMirror(awsVersion);
const skipReason = !terraformAvailable()
  ? 'terraform is not on the PATH'
  : mirror === undefined
    ? `no offline mirror of hashicorp/aws ${awsVersion} found (set TF_PROVIDER_MIRROR)`
    : undefined;
const cliConfig = mirror === undefined ? '' : renderCliConfig(mirror, tempDir('terraformrc-'));

function validate(stackDir: string): string {
  const init = runTerraform(stackDir, ['init', '-backend=false', '-input=false', '-no-color'], cliConfig);
  expect(init.status, init.output).toBe(0);
  const result = runTerraform(stackDir, ['validate', '-no-color'], cliConfig);
  expect(result.status, result.output).toBe(0);
  // Shown in the CI log, so "Success!" is visible there and not only implied by a green test.
  console.log(`terraform validate (${stackDir}): ${result.output.trim()}`);
  return result.output;
}

const title = (what: string) => (skipReason === undefined ? what : `${what} (skipped: ${skipReason})`);

describe('terraform validate on the synthesized stack', () => {
  it.skipIf(skipReason !== undefined)(title('accepts the stack of the repository tracker.config.ts'), () => {
    expect(validate(defaultStackDir)).toContain('Success! The configuration is valid.');
  });

  it.skipIf(skipReason !== undefined)(
    title('accepts the stack with every option on (CloudFront + domain, KMS, versioning, created buckets)'),
    () => {
      const config = testConfig({
        reservedConcurrency: 50,
        apps: [
          {
            name: 'web',
            bucket: 'web-analytics',
            createBucket: true,
            allowedOrigins: ['https://www.example.com'],
          },
          { name: 'app2', bucket: 'app2-analytics-staging' },
        ],
        buckets: {
          encryption: 'KMS',
          kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
          versioning: true,
        },
        cloudfront: {
          enabled: true,
          domainName: 'analytics.example.com',
          certificateArn:
            'arn:aws:acm:us-east-1:123456789012:certificate/0b4b1a0e-0000-4000-8000-000000000000',
        },
      });
      expect(validate(synth(config))).toContain('Success! The configuration is valid.');
    },
  );
});
