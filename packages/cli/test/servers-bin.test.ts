import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, run, start } from './tracker-helpers.js';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'tracker-servers-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const BANNER = /analytics-tracker offline: http:\/\/127\.0\.0\.1:(\d+)\/track/;

describe('npx tracker offline', () => {
  it('a second one on the same data folder says another one is running there, with its pid and address', async () => {
    const dataDir = join(scratch, 'shared');
    const first = await start(['offline'], BANNER, cleanEnv({ PORT: '0', S3_PORT: '0', DATA_DIR: dataDir }));
    try {
      const port = first.match[1];
      const second = await run(process.execPath, [BIN, 'offline'], {
        env: cleanEnv({ PORT: '0', S3_PORT: '0', DATA_DIR: dataDir }),
      });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(
        `offline: another \`npm run offline\` (pid ${first.child.pid}) is already running on http://127.0.0.1:${port} over the data folder ${dataDir}.`,
      );
      expect(second.stderr).toContain('DATA_DIR=.data-2 PORT=0 S3_PORT=0 npm run offline');

      // Another folder, but the first one's HTTP port: the port is named, with how to pick another.
      const third = await run(process.execPath, [BIN, 'offline'], {
        env: cleanEnv({ PORT: String(port), S3_PORT: '0', DATA_DIR: join(scratch, 'other') }),
      });
      expect(third.code).toBe(1);
      expect(third.stderr).toBe(
        `offline: HTTP port ${port} is already in use (another \`npm run offline\`, or another program, is listening there). ` +
          `Stop it, or pick another port: PORT=${Number(port) + 1} npm run offline\n`,
      );
      // The failed start left no claim on its folder.
      expect(existsSync(join(scratch, 'other', 'offline.lock.json'))).toBe(false);
    } finally {
      expect(await first.interrupt()).toBe(0);
    }
    // Stopped: the folder is free again.
    expect(existsSync(join(dataDir, 'offline.lock.json'))).toBe(false);
  }, 90_000);

  it('takes over a folder whose tracker ended without cleaning up', async () => {
    const dataDir = join(scratch, 'stale');
    const ended = await run(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'offline.lock.json'), JSON.stringify({ pid: Number(ended.stdout) }));
    const offline = await start(
      ['offline'],
      BANNER,
      cleanEnv({ PORT: '0', S3_PORT: '0', DATA_DIR: dataDir }),
    );
    expect(await offline.interrupt()).toBe(0);
  }, 60_000);

  it('npm run offline without `--`: prints the corrected command', async () => {
    const { code, stderr } = await run('npm', ['run', 'offline', '--config', 'other.config.ts'], {
      env: cleanEnv({ DATA_DIR: join(scratch, 'npm') }),
    });
    expect(code).toBe(2);
    expect(stderr).toContain('  npm run offline -- --config other.config.ts\n');
  }, 60_000);
});

describe('npx tracker dashboard', () => {
  it('starts from the bundle, serves the page, and stops on Ctrl-C', async () => {
    const dashboard = await start(
      ['dashboard', '--port', '0', '--data-dir', join(scratch, 'dashboard-data')],
      /dashboard: (http:\/\/localhost:\d+)/,
      cleanEnv(),
    );
    try {
      const response = await fetch(dashboard.match[1] ?? '');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
    } finally {
      expect(await dashboard.interrupt()).toBe(0);
    }
  }, 60_000);
});
