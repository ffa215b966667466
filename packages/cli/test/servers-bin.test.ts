import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedEvents } from '@analytics-tracker/local';
import { TEST_VISITORS } from '@analytics-tracker/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import { BIN, cleanEnv, run, runWithRelativeDataDir, start } from './tracker-helpers.js';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'tracker-servers-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const BANNER = /analytics-tracker offline: http:\/\/127\.0\.0\.1:(\d+)\/track/;
const S3_BANNER = /embedded S3: +http:\/\/127\.0\.0\.1:(\d+)/;

/**
 * Another program on a port (`port` 0: any free one): a TCP listener that reads what it is sent and
 * never answers; a connection ends when its client goes.
 */
function listenOn(port: number): Promise<Server & { port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.resume());
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(Object.assign(server, { port: typeof address === 'object' && address ? address.port : 0 }));
    });
  });
}

const close = (server: Server) => new Promise((resolve) => server.close(resolve));

/** The port a hint suggests (`PORT=n npm run offline`), checked free by listening on it at once. */
async function suggestedFreePort(stderr: string, variable: 'PORT' | 'S3_PORT'): Promise<number> {
  const match = stderr.match(new RegExp(`\\(([0-9]+) is free\\): ${variable}=([0-9]+) npm run offline\\n$`));
  expect(match, stderr).not.toBeNull();
  expect(match?.[1]).toBe(match?.[2]);
  const port = Number(match?.[2]);
  await close(await listenOn(port)); // rejects (EADDRINUSE) if it was not free
  return port;
}

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

      // Another folder, but the first one's HTTP port: that tracker is named, and a port free now.
      const third = await run(process.execPath, [BIN, 'offline'], {
        env: cleanEnv({ PORT: String(port), S3_PORT: '0', DATA_DIR: join(scratch, 'other') }),
      });
      expect(third.code).toBe(1);
      expect(third.stderr).toMatch(
        new RegExp(
          `^offline: another \`npm run offline\` \\(pid ${first.child.pid}\\) is already listening on HTTP port ${port}\\. Stop it, or use another port`,
        ),
      );
      expect(await suggestedFreePort(third.stderr, 'PORT')).not.toBe(Number(port));
      // The failed start left no claim on its folder.
      expect(existsSync(join(scratch, 'other', 'offline.lock.json'))).toBe(false);

      // Its embedded S3 port: the same, for S3_PORT.
      const s3Port = first.output().match(S3_BANNER)?.[1];
      const fourth = await run(process.execPath, [BIN, 'offline'], {
        env: cleanEnv({ PORT: '0', S3_PORT: String(s3Port), DATA_DIR: join(scratch, 'other') }),
      });
      expect(fourth.code).toBe(1);
      expect(fourth.stderr).toMatch(
        new RegExp(
          `^offline: another \`npm run offline\` \\(pid ${first.child.pid}\\) is already listening on embedded S3 port ${s3Port}\\.`,
        ),
      );
      expect(await suggestedFreePort(fourth.stderr, 'S3_PORT')).not.toBe(Number(s3Port));
    } finally {
      expect(await first.interrupt()).toBe(0);
    }
    // Stopped: the folder is free again.
    expect(existsSync(join(dataDir, 'offline.lock.json'))).toBe(false);
  }, 90_000);

  it('a port held by another program: said so, and the hint skips the next port when it is busy too', async () => {
    const busy = await listenOn(0);
    // The port after it, taken as well when it can be (else something else already holds it).
    const after = await listenOn(busy.port + 1).catch(() => undefined);
    try {
      const { code, stdout, stderr } = await run(process.execPath, [BIN, 'offline'], {
        env: cleanEnv({ PORT: String(busy.port), S3_PORT: '0', DATA_DIR: join(scratch, 'program') }),
      });
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(
        new RegExp(
          `^offline: HTTP port ${busy.port} is in use by another program\\. Stop it, or use another port`,
        ),
      );
      const suggested = await suggestedFreePort(stderr, 'PORT');
      expect(suggested).toBeGreaterThan(busy.port + 1);
    } finally {
      await close(busy);
      if (after) await close(after);
    }
  }, 60_000);

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
  it('a data folder that does not exist, or holds no events: refused, naming the folder (exit 1)', async () => {
    const { finished: missing, folder } = await runWithRelativeDataDir(
      scratch,
      ['dashboard', '--port', '0'],
      'nowhere',
    );
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain(
      `dashboard: No events to show: the data folder ${folder} does not exist.`,
    );

    // What `npm run offline` leaves before any event arrives: bucket folders, nothing in them.
    const empty = join(scratch, 'empty');
    await mkdir(join(empty, 's3', 'app1-analytics-prod'), { recursive: true });
    const none = await run(process.execPath, [BIN, 'dashboard', '--port', '0'], {
      env: cleanEnv({ DATA_DIR: empty }),
    });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`dashboard: No events to show: the data folder ${empty} holds no events.`);
  }, 60_000);

  it('starts from the bundle, serves the page, and stops on Ctrl-C', async () => {
    const dataDir = join(scratch, 'dashboard-data');
    await seedEvents(dataDir, config, [
      {
        bucket: 'app1-analytics-prod',
        visitor: TEST_VISITORS.A,
        at: new Date(),
        events: [{ eventType: 'page_view', timestamp: new Date().toISOString(), page: '/' }],
      },
    ]);
    const dashboard = await start(
      ['dashboard', '--port', '0', '--data-dir', dataDir],
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
