import { describe, expect, it } from 'vitest';
import { testConfig } from '../test/fixtures.js';
import { nextSteps } from './next-steps.js';

const DIR = 'terraform/cdktf.out/stacks/analytics-tracker';

describe('nextSteps', () => {
  it('prints the folder and the exact init, plan (with the secret variable) and apply commands', () => {
    const text = nextSteps(DIR, testConfig());

    expect(text).toContain(`Terraform folder: ${DIR}`);
    expect(text).toContain(`terraform -chdir=${DIR} init`);
    expect(text).toContain(
      `terraform -chdir=${DIR} plan -var "ip_hash_secret=$IP_HASH_SECRET" -out=tracker.tfplan`,
    );
    expect(text).toContain(`terraform -chdir=${DIR} apply tracker.tfplan`);
    expect(text).not.toContain('origin_verify_secret');
  });

  it('asks for the origin secret too when CloudFront is on', () => {
    const text = nextSteps(DIR, testConfig({ cloudfront: { enabled: true } }));

    expect(text).toContain('-var "origin_verify_secret=$ORIGIN_VERIFY_SECRET"');
  });

  it('quotes a folder with spaces', () => {
    expect(nextSteps('my infra/stack', testConfig())).toContain('terraform -chdir="my infra/stack" init');
  });
});
