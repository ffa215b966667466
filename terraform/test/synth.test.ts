/**
 * What `npm run synth` writes, checked at the files: byte-identical output for the same code (so a
 * plan shows no Lambda update), one stack and state file per environment with no shared AWS name,
 * and the provider lock file kept where it can be committed.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrackerConfig } from '@analytics-tracker/schema';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME, synthTracker } from '../src/synth.js';
import { parseStack, type SynthesizedStack, stubBundleDir, tempDir, testConfig } from './fixtures.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

function synthInto(root: string, config: TrackerConfig, bundleDir: string) {
  return synthTracker({ config, bundleDir, outdir: join(root, 'cdktf.out') });
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Every file under `dir`, relative, with its SHA-256. */
function fingerprint(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [path.slice(dir.length), sha256(path)];
      })
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
}

/**
 * Every literal name the stack gives AWS (names, buckets, function names). References (`${…}`)
 * resolve to one of these; inline role policy names are scoped to their role.
 */
function awsNames(stack: SynthesizedStack): string[] {
  const keys = new Set(['name', 'bucket', 'function_name', 'alarm_name']);
  return Object.entries(stack.resource)
    .filter(([type]) => type !== 'aws_iam_role_policy')
    .flatMap(([, resources]) =>
      Object.values(resources).flatMap((resource) =>
        Object.entries(resource)
          .filter(([key, value]) => keys.has(key) && typeof value === 'string' && !value.includes('${'))
          .map(([, value]) => String(value)),
      ),
    );
}

describe('npm run synth output', () => {
  it('is byte-identical for the same code, even when the bundle was rebuilt (new mtimes)', () => {
    const bundleDir = stubBundleDir({ withSourceMap: true });
    const first = synthInto(tempDir('synth-a-'), testConfig(), bundleDir);
    // A rebuild gives the same bytes new file times: CDKTF's own zip embedded those.
    const later = new Date('2030-06-01T12:34:56Z');
    for (const name of readdirSync(bundleDir, { recursive: true, encoding: 'utf8' }))
      utimesSync(join(bundleDir, name), later, later);
    const second = synthInto(tempDir('synth-b-'), testConfig(), bundleDir);

    expect(fingerprint(second.stackDir)).toEqual(fingerprint(first.stackDir));
  });

  it("zips each function's own folder of the build, readable by another zip implementation (unzip)", () => {
    const bundleDir = stubBundleDir({ withSourceMap: true });
    const { stackDir } = synthInto(tempDir('synth-zip-'), testConfig(), bundleDir);
    const zips = readdirSync(join(stackDir, 'assets'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.zip'))
      .map((entry) => join(entry.parentPath, entry.name));
    const zipOf = (functionName: string) => zips.find((zip) => zip.endsWith(`/${functionName}.zip`));
    // The function names of the README's resource list; the folders as the stand-in build lays them out.
    const expected = {
      'mycompany-analytics-tracker': ['tracker', ['index.mjs', 'index.mjs.map']],
      'mycompany-analytics-salt-rotation': ['rotate-salts', ['rotate-salts.mjs']],
      'mycompany-analytics-compact': ['compact-days', ['compact-days.mjs']],
    } as const;
    expect(zips).toHaveLength(3);

    for (const [functionName, [folder, files]] of Object.entries(expected)) {
      const zip = String(zipOf(functionName));
      const test = spawnSync('unzip', ['-t', zip], { encoding: 'utf8' });
      expect(test.stdout).toContain('No errors detected');
      const listed = spawnSync('unzip', ['-Z1', zip], { encoding: 'utf8' });
      expect(listed.stdout.trim().split('\n').sort(), functionName).toEqual([...files]);
      for (const name of files) {
        const extracted = spawnSync('unzip', ['-p', zip, name]);
        expect(extracted.stdout.equals(readFileSync(join(bundleDir, folder, name))), name).toBe(true);
      }
    }
  });

  it('gives each environment its own stack folder, state file and AWS names', () => {
    const root = tempDir('synth-envs-');
    const bundleDir = stubBundleDir();
    const staging = synthInto(root, testConfig({ environment: 'staging' }), bundleDir);
    const prod = synthInto(root, testConfig({ environment: 'prod' }), bundleDir);

    expect(staging.stackDir).toBe(join(root, 'cdktf.out', 'stacks', 'analytics-tracker-staging'));
    expect(prod.stateFile).toBe(join(root, 'state', 'analytics-tracker-prod.tfstate'));
    expect(staging.stateFile).not.toBe(prod.stateFile);
    const stagingNames = awsNames(parseStack(readFileSync(join(staging.stackDir, 'cdk.tf.json'), 'utf8')));
    const prodNames = awsNames(parseStack(readFileSync(join(prod.stackDir, 'cdk.tf.json'), 'utf8')));
    // Only the apps' own tables (raw and compacted) and buckets may repeat (each environment has its own database).
    const shared = stagingNames.filter((name) => prodNames.includes(name));
    expect(
      shared.every((name) => /^[a-z0-9]+_events(_compacted)?$/.test(name)),
      shared.join(', '),
    ).toBe(true);
    expect(prodNames).toEqual(
      expect.arrayContaining([
        'mycompany-analytics-tracker-prod',
        'mycompany-analytics-tracker-prod-role',
        '/aws/lambda/mycompany-analytics-tracker-prod',
        'mycompany-analytics-api-prod-url-invoke-permission',
        'mycompany-analytics-api-prod-workgroup',
        'analytics_db_prod',
      ]),
    );
  });

  it('creates the parent folders of an --outdir that does not exist yet, and of its state', () => {
    const root = join(tempDir('synth-fresh-'), 'out');
    expect(existsSync(root)).toBe(false);
    const { stackDir, stateFile } = synthInto(root, testConfig(), stubBundleDir());
    expect(stackDir).toBe(join(root, 'cdktf.out', 'stacks', 'analytics-tracker'));
    expect(existsSync(join(stackDir, 'cdk.tf.json'))).toBe(true);
    expect(existsSync(join(root, 'state'))).toBe(true);
    expect(stateFile).toBe(join(root, 'state', 'analytics-tracker.tfstate'));
  });

  it('puts state where git ignores it under any --outdir, and the lock file where git keeps it', () => {
    // `git check-ignore` answers from the repository's own .gitignore files (exit 0: ignored, 1: not).
    const ignored = (path: string) =>
      spawnSync('git', ['check-ignore', '--no-index', '-q', path], { cwd: REPO }).status;
    for (const state of [
      'terraform/state/analytics-tracker.tfstate',
      'out/state/analytics-tracker-staging.tfstate',
      'out/state/analytics-tracker-staging.tfstate.backup',
      'deploy/prod/terraform.tfstate',
    ]) {
      expect({ state, status: ignored(state) }).toEqual({ state, status: 0 });
    }
    for (const lock of ['terraform/.terraform.lock.hcl', 'out/.terraform.lock.hcl']) {
      expect({ lock, status: ignored(lock) }).toEqual({ lock, status: 1 });
    }
  });

  it('says which Terraform it needs: 1.6 or later, for the expressions in the Glue import ids', () => {
    const { stackDir } = synthInto(tempDir('synth-version-'), testConfig(), stubBundleDir());
    const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
      terraform: { required_version?: string };
    };
    expect(json.terraform.required_version).toBe('>= 1.6.0');
  });

  it('keeps the provider lock file out of the ignored output: init’s lock is copied out, and back in', () => {
    const root = tempDir('synth-lock-');
    const bundleDir = stubBundleDir();
    const { stackDir, lockFile } = synthInto(root, testConfig(), bundleDir);
    expect(lockFile).toBe(join(root, LOCK_FILE_NAME));
    expect(existsSync(lockFile)).toBe(false);

    // What `terraform init` writes in the stack folder…
    const lock =
      '# This file is maintained automatically by "terraform init".\nprovider "registry.terraform.io/hashicorp/aws" {}\n';
    writeFileSync(join(stackDir, LOCK_FILE_NAME), lock);
    synthInto(root, testConfig(), bundleDir);
    expect(readFileSync(lockFile, 'utf8')).toBe(lock);

    // …and a fresh clone (no cdktf.out) gets the committed file back next to the stack.
    const clone = tempDir('synth-clone-');
    writeFileSync(join(clone, LOCK_FILE_NAME), lock);
    const fresh = synthInto(clone, testConfig(), bundleDir);
    expect(readFileSync(join(fresh.stackDir, LOCK_FILE_NAME), 'utf8')).toBe(lock);
  });
});
