import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseStack, stubBundleDir, tempDir } from './fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs synth's entry as `npm run synth -- …` does (after the handler build), from `cwd`. */
function synth(args: string[], cwd: string, env: Record<string, string> = {}) {
  return spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      '--conditions=@analytics-tracker/source',
      join(ROOT, 'terraform/src/main.ts'),
      ...args,
    ],
    { cwd, encoding: 'utf8', env: { ...process.env, INIT_CWD: cwd, TRACKER_CONFIG: '', ...env } },
  );
}

// One process start (cdktf loads for seconds): the lookup order itself is tested in packages/schema.
describe('npm run synth reads the config through the one loader', () => {
  const dir = tempDir('synth-config-');
  writeFileSync(
    join(dir, 'typo.mjs'),
    "export default { allowedBuckets: ['app1-analytics-prod'], corsOrgin: 'https://shop.example.com' };\n",
  );

  it('--config names the file, and a misspelt key stops synth with the key it resembles', () => {
    const result = synth(['--config', 'typo.mjs'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('synth failed (INVALID_CONFIG)');
    expect(result.stderr).toContain('unknown key "corsOrgin" (did you mean "corsOrigin"?)');
  });

  it('--config is honoured: the every-option config (environment staging) gives the staging stack', () => {
    const out = tempDir('synth-cli-out-');
    const config = fileURLToPath(new URL('./plan/every-option.config.ts', import.meta.url));
    // The README's `--outdir out/cdktf.out`, in a fresh clone where `out/` does not exist yet.
    const result = synth(
      ['--config', config, '--outdir', 'out/cdktf.out', '--bundle-dir', stubBundleDir()],
      out,
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Terraform folder: out/cdktf.out/stacks/analytics-tracker-staging');
    const stack = parseStack(
      readFileSync(join(out, 'out/cdktf.out/stacks/analytics-tracker-staging/cdk.tf.json'), 'utf8'),
    );
    expect(stack.resource.aws_lambda_function?.tracker?.function_name).toBe('acme-analytics-tracker-staging');
    expect(stack.resource.aws_wafv2_web_acl?.tracker).toBeDefined();
  }, 180_000); // a tsx process loading cdktf: over a minute on a busy machine
});
