import type { TrackerConfig } from '@analytics-tracker/schema';

/**
 * The commands a platform team runs after `npm run synth`, with the folder relative to where they are.
 * The origin secret (with CloudFront) comes from an environment variable kept in a secret store;
 * generating it inline would rotate it on every plan. The daily salts need nothing: the stack makes them.
 *
 * @example
 * console.log(nextSteps('terraform/cdktf.out/stacks/analytics-tracker', config));
 */
export function nextSteps(stackDir: string, config: Pick<TrackerConfig, 'cloudfront'>): string {
  const dir = stackDir.includes(' ') ? `"${stackDir}"` : stackDir;
  const vars = config.cloudfront.enabled ? ` -var "origin_verify_secret=$ORIGIN_VERIFY_SECRET"` : '';
  return [
    `Terraform folder: ${dir}`,
    '',
    'Next:',
    ...(config.cloudfront.enabled
      ? ['  # once: generate ORIGIN_VERIFY_SECRET (openssl rand -hex 32) and keep it in your secret store']
      : []),
    `  terraform -chdir=${dir} init`,
    `  terraform -chdir=${dir} plan${vars} -out=tracker.tfplan`,
    `  terraform -chdir=${dir} apply tracker.tfplan`,
    `  terraform -chdir=${dir} output ApiEndpoint`,
  ].join('\n');
}
