import { describe, expect, it } from 'vitest';
import { testConfig } from '../test/fixtures.js';
import { nextSteps } from './next-steps.js';

const DIR = 'terraform/cdktf.out/stacks/analytics-tracker';

describe('nextSteps', () => {
  it('prints the folder and the exact init, plan and apply commands, with no secret to make (salts are made by the stack)', () => {
    const text = nextSteps(DIR, testConfig());

    expect(text).toContain(`Terraform folder: ${DIR}`);
    expect(text).toContain(`terraform -chdir=${DIR} init`);
    expect(text).toContain(`terraform -chdir=${DIR} plan -out=tracker.tfplan`);
    expect(text).toContain(`terraform -chdir=${DIR} apply tracker.tfplan`);
    expect(text).not.toContain('origin_verify_secret');
    expect(text).not.toContain('generate');
  });

  it('asks for the origin secret too when CloudFront is on', () => {
    const text = nextSteps(DIR, testConfig({ cloudfront: { enabled: true } }));

    expect(text).toContain('-var "origin_verify_secret=$ORIGIN_VERIFY_SECRET"');
  });

  it('quotes a folder with spaces', () => {
    expect(nextSteps('my infra/stack', testConfig())).toContain('terraform -chdir="my infra/stack" init');
  });
});
