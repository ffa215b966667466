import type { TrackerConfig } from '@analytics-tracker/schema';

/**
 * The commands a platform team runs after `npm run synth`, with the folder relative to where they are.
 * Secrets come from environment variables they keep in a secret store; generating them inline would
 * rotate them on every plan.
 *
 * @example
 * console.log(nextSteps('terraform/cdktf.out/stacks/analytics-tracker', config));
 */
export function nextSteps(stackDir: string, config: Pick<TrackerConfig, 'cloudfront'>): string {
  const dir = stackDir.includes(' ') ? `"${stackDir}"` : stackDir;
  const vars = [`-var "ip_hash_secret=$IP_HASH_SECRET"`];
  if (config.cloudfront.enabled) vars.push(`-var "origin_verify_secret=$ORIGIN_VERIFY_SECRET"`);
  const secrets = config.cloudfront.enabled
    ? 'IP_HASH_SECRET and ORIGIN_VERIFY_SECRET (each: openssl rand -hex 32) and keep them'
    : 'IP_HASH_SECRET (openssl rand -hex 32) and keep it';
  return [
    `Terraform folder: ${dir}`,
    '',
    'Next:',
    `  # once: generate ${secrets} in your secret store`,
    `  terraform -chdir=${dir} init`,
    `  terraform -chdir=${dir} plan ${vars.join(' ')} -out=tracker.tfplan`,
    `  terraform -chdir=${dir} apply tracker.tfplan`,
    `  terraform -chdir=${dir} output ApiEndpoint`,
  ].join('\n');
}
