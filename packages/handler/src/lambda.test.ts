import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const entry = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/** Loads a Lambda entry as the runtime does (a fresh process, only the given environment). */
async function load(file: string, env: Record<string, string>) {
  const script = `import(${JSON.stringify(file)}).then(() => console.log('loaded'))`;
  return run(process.execPath, ['--import', 'tsx', '--conditions=@analytics-tracker/source', '-e', script], {
    env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', ...env },
  }).then(
    ({ stdout }) => ({ loaded: stdout.includes('loaded'), stderr: '' }),
    (error: { stderr: string }) => ({ loaded: false, stderr: error.stderr }),
  );
}

describe('the Lambda entries fail closed', { timeout: 60_000 }, () => {
  it('the tracker does not load without SALT_PARAMETER_PATH, and says what to set', async () => {
    const result = await load(entry('./lambda.ts'), { ALLOWED_BUCKETS: 'app1-analytics-prod' });
    expect(result.loaded).toBe(false);
    expect(result.stderr).toContain('No salt source: set SALT_PARAMETER_PATH');
  });

  it('the tracker loads with it (no salt is read until the first event)', async () => {
    const result = await load(entry('./lambda.ts'), {
      ALLOWED_BUCKETS: 'app1-analytics-prod',
      SALT_PARAMETER_PATH: '/mycompany/analytics-tracker/salts',
    });
    expect(result).toEqual({ loaded: true, stderr: '' });
  });

  it('the rotation function does not load without SALT_PARAMETER_PATH', async () => {
    const result = await load(entry('./rotate-salts-lambda.ts'), {});
    expect(result.loaded).toBe(false);
    expect(result.stderr).toContain('SALT_PARAMETER_PATH is not set');
  });
});
