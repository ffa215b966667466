import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readStoredRows } from '@analytics-tracker/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineExitError, ORIGINAL_BODY, ORIGINAL_ERRORS, startOfflineProcess } from '../src/index.js';

const run = promisify(execFile);

// A platform team's tracker.config.ts naming its app, run with the original's variables.
const APP_BUCKET = 'app1-analytics-prod';
const CONFIG = { allowedBuckets: [APP_BUCKET], apps: [{ name: 'app1', bucket: APP_BUCKET }] };
// The original's deployment variables: a pattern that `app1-analytics-prod` does not match, one site.
const ORIGINAL_ENV = { ALLOWED_BUCKETS: '*-analytics', CORS_ORIGINS: 'https://example.com' };

let dir: string;
let configFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'compat-startup-'));
  configFile = join(dir, 'tracker.config.ts');
  await writeFile(configFile, `export default ${JSON.stringify(CONFIG)};\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The banner's "Try it" command, exactly as printed. */
function printedCurl(output: string): string {
  const line = output.split('\n').find((text) => text.trim().startsWith('curl '));
  if (line === undefined) throw new Error(`no curl in the banner:\n${output}`);
  return line.trim();
}

/** Runs the printed command in a shell, as a user pasting it would, adding only the status code. */
async function runPrinted(command: string): Promise<{ status: number; body: Record<string, string> }> {
  const { stdout } = await run('sh', ['-c', `${command} -s -w '\\n%{http_code}'`], { timeout: 30_000 });
  const lines = stdout.trimEnd().split('\n');
  return { status: Number(lines.at(-1)), body: JSON.parse(lines.slice(0, -1).join('\n')) };
}

const post = (url: string, bucket: string, origin?: string) =>
  fetch(`${url}/track`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
    body: JSON.stringify({ ...ORIGINAL_BODY, bucket }),
  });

describe("npm run offline with the original's variables", () => {
  it('prints a curl that these settings accept: an allowed bucket and a listed Origin', async () => {
    const dataDir = join(dir, 'original-env');
    const offline = await startOfflineProcess({
      ...ORIGINAL_ENV,
      TRACKER_CONFIG: configFile,
      DATA_DIR: dataDir,
    });
    try {
      const command = printedCurl(offline.output());
      expect(command).toContain(`${offline.url}/track`);
      const { status, body } = await runPrinted(command);
      expect(status).toBe(200);
      expect(body.status).toBe('ok');
      // The original's pattern (README: `*-analytics` matches `my-app-analytics`).
      expect(body.bucket).toMatch(/^[a-z0-9.-]+-analytics$/);
      expect(await readStoredRows(dataDir, body.bucket ?? '')).toHaveLength(1);
      // What the startup message says: ALLOWED_BUCKETS replaces the config's buckets, so the app's
      // bucket, which `*-analytics` does not match, is refused with the original's 403.
      const refused = await post(offline.url, APP_BUCKET, 'https://example.com');
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual(ORIGINAL_ERRORS.BUCKET_FORBIDDEN);
    } finally {
      await offline.stop();
    }
  });

  it("without ALLOWED_BUCKETS the config's buckets are allowed, and the printed curl uses one", async () => {
    const dataDir = join(dir, 'config-only');
    const offline = await startOfflineProcess({ TRACKER_CONFIG: configFile, DATA_DIR: dataDir });
    try {
      const command = printedCurl(offline.output());
      // No origin list: no Origin header is needed, and none is printed.
      expect(command).not.toMatch(/origin/i);
      const { status, body } = await runPrinted(command);
      expect(status).toBe(200);
      expect(body.bucket).toBe(APP_BUCKET);
      expect((await post(offline.url, APP_BUCKET)).status).toBe(200);
      expect(await readStoredRows(dataDir, APP_BUCKET)).toHaveLength(2);
    } finally {
      await offline.stop();
    }
  });

  it('an empty ALLOWED_BUCKETS does not start even with apps in the config, and the message says so', async () => {
    const failure = await startOfflineProcess({
      ALLOWED_BUCKETS: '',
      TRACKER_CONFIG: configFile,
      DATA_DIR: join(dir, 'empty'),
    }).then(
      async (started) => {
        await started.stop();
        throw new Error('npm run offline started with an empty ALLOWED_BUCKETS');
      },
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(OfflineExitError);
    const output = (failure as OfflineExitError).output;
    expect(output).toContain('ALLOWED_BUCKETS is empty');
    // The two behaviours the tests above observe, in the message's words.
    expect(output).toContain('When set, ALLOWED_BUCKETS replaces the buckets of tracker.config.ts');
    expect(output).toContain("an app's bucket it does not match is refused with 403");
    expect(output).toContain('Left unset, the buckets of tracker.config.ts are allowed');
    expect(output).not.toContain('added for you');
  });
});
