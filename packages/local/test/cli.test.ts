import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readStoredRows } from '../src/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Starts `npm run offline`'s command as a user would, on free ports, and waits for its banner. */
async function startCli(
  dataDir: string,
): Promise<{ child: ChildProcess; output: () => string; url: string }> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      '--conditions=@analytics-tracker/source',
      'packages/local/src/cli.ts',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', S3_PORT: '0', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner after 30 s:\n${text}`)), 30_000);
    const poll = setInterval(() => {
      const match = text.match(/offline: (http:\/\/127\.0\.0\.1:\d+)\/track/);
      if (match?.[1]) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(match[1]);
      }
    }, 50);
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${text}`)));
  });
  return { child, output: () => text, url };
}

describe('npm run offline (the CLI)', () => {
  let dataDir = '';
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('prints where to send events and a ready curl, logs each request, and stops cleanly on Ctrl-C', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'offline-cli-'));
    const { child, output, url } = await startCli(dataDir);
    expect(output()).toContain('allowed buckets: app1-analytics-prod, app2-analytics-staging, *-analytics');
    expect(output()).toMatch(
      /curl -X POST http:\/\/127\.0\.0\.1:\d+\/track -H 'Content-Type: application\/json' -d '\{"bucket":"app1-analytics-prod"/,
    );

    const response = await fetch(`${url}/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        bucket: 'app1-analytics-prod',
        eventType: 'page_view',
        timestamp: new Date().toISOString(),
      }),
    });
    expect(response.status).toBe(200);
    expect((await readStoredRows(dataDir, 'app1-analytics-prod')).map((row) => row.eventType)).toEqual([
      'page_view',
    ]);

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output()).toMatch(/POST \/track 200 app1-analytics-prod accepted=1 rejected=0/);
    expect(output()).toContain('SIGINT: stopping');
    // The request log never names the client's address.
    const requestLines = output()
      .split('\n')
      .filter((line) => line.startsWith('POST '));
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).not.toContain('127.0.0.1');
  }, 60_000);
});

describe('npm run offline with a misspelt config key', () => {
  it('refuses to start, naming the key and the one it resembles', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'offline-typo-'));
    try {
      const typo = join(dir, 'typo.mjs');
      await writeFile(
        typo,
        "export default { allowedBuckets: [], corsOrgin: 'https://shop.example.com' };\n",
      );
      const result = spawnSync(
        process.execPath,
        [
          join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
          '--conditions=@analytics-tracker/source',
          'packages/local/src/cli.ts',
        ],
        { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TRACKER_CONFIG: typo, DATA_DIR: dir } },
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('unknown key "corsOrgin" (did you mean "corsOrigin"?)');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('takes the file from --config too, over TRACKER_CONFIG', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'offline-typo-'));
    try {
      const typo = join(dir, 'typo.mjs');
      await writeFile(typo, "export default { allowedBuckets: [], corsOrgn: '*' };\n");
      const result = spawnSync(
        process.execPath,
        [
          join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
          '--conditions=@analytics-tracker/source',
          'packages/local/src/cli.ts',
          '--config',
          typo,
        ],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, TRACKER_CONFIG: join(ROOT, 'tracker.config.ts'), DATA_DIR: dir },
        },
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(typo);
      expect(result.stderr).toContain('unknown key "corsOrgn" (did you mean "corsOrigin"?)');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
