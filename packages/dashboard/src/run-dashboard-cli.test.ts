import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDashboardCli } from './run-dashboard-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dashboard-config-'));
  await writeFile(
    join(dir, 'typo.mjs'),
    "export default { allowedBuckets: ['app1-analytics-prod'], corsOrgin: 'https://shop.example.com' };\n",
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run dashboard with a misspelt config key', () => {
  it('refuses to start, naming the key and the one it resembles', async () => {
    const stderr: string[] = [];
    const { server, exitCode } = await runDashboardCli(['--port', '0'], {
      cwd: dir,
      env: { TRACKER_CONFIG: 'typo.mjs' },
      stdout: { write: () => true },
      stderr: { write: (text: string) => stderr.push(text) },
    });
    expect(server).toBeUndefined();
    expect(exitCode).toBe(1);
    expect(stderr.join('')).toContain('unknown key "corsOrgin" (did you mean "corsOrigin"?)');
  });
});
