import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthTracker } from '../src/synth.js';
import { tempDir, testConfig } from './fixtures.js';

// The zips Terraform deploys, made from the real handler build (not the stand-in of fixtures.ts): each
// holds exactly what its entry can load, and the tracker's zip, unzipped alone, runs and stores.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SALT_PATH = '/deployed-zip-test/analytics-tracker/salts';
const BUCKET = 'app1-analytics-prod';

let zips: string[] = [];
const zipOf = (functionName: string): string => {
  const zip = zips.find((path) => path.endsWith(`/${functionName}.zip`));
  if (!zip) throw new Error(`no zip for ${functionName} in ${zips.join(', ')}`);
  return zip;
};

beforeAll(() => {
  const work = tempDir('deployed-zip-');
  const bundleDir = join(work, 'lambda');
  const built = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      join(ROOT, 'packages/handler/scripts/build.ts'),
      '--outdir',
      bundleDir,
    ],
    { cwd: work, encoding: 'utf8' },
  );
  if (built.status !== 0) throw new Error(`handler build failed: ${built.stderr}`);
  const { stackDir } = synthTracker({ config: testConfig(), bundleDir, outdir: join(work, 'cdktf.out') });
  zips = readdirSync(join(stackDir, 'assets'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.zip'))
    .map((entry) => join(entry.parentPath, entry.name));
}, 120_000);

const unzipAvailable = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;
const NEEDS_UNZIP = unzipAvailable ? '' : ' (skipped: needs unzip, apt-get install -y unzip)';

/** The names in a zip's central directory, as Info-ZIP's `unzip` reads them. */
function zipEntries(zip: string): string[] {
  const listed = spawnSync('unzip', ['-Z1', zip], { encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`unzip -Z1 ${zip}: ${listed.stderr}`);
  return listed.stdout.trim().split('\n').sort();
}

/** Unzips a whole zip into a fresh empty folder with Info-ZIP's `unzip`. */
function unzipAlone(zip: string): string {
  const dir = tempDir('unzipped-');
  const result = spawnSync('unzip', ['-q', zip, '-d', dir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`unzip ${zip}: ${result.stderr}`);
  return dir;
}

/**
 * Every file an ES module can load, found by reading the code, not the build's metafile: the relative
 * specifiers of its `import … from "./x.mjs"`, `export … from "./x.mjs"`, `import "./x.mjs"` and
 * `import("./x.mjs")`, followed from file to file. Bare specifiers (`node:crypto`) are the runtime's.
 */
function importClosure(dir: string, entry: string): string[] {
  const specifier = /(?:\bfrom|\bimport)\s*\(?\s*["'](\.\.?\/[^"']+)["']/g;
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(dir, file), 'utf8');
    for (const match of code.matchAll(specifier)) {
      const target = normalize(join(dirname(file), String(match[1])));
      expect(existsSync(join(dir, target)), `${file} imports ${target}`).toBe(true);
      pending.push(target);
    }
  }
  return [...seen].sort();
}

describe.skipIf(!unzipAvailable)(
  `the deployed zips (npm run build -w @analytics-tracker/handler, then synth)${NEEDS_UNZIP}`,
  () => {
    // Function names from the README's resource list; entries as Lambda's `handler` names them.
    const functions = [
      ['mycompany-analytics-tracker', 'index.mjs'],
      ['mycompany-analytics-salt-rotation', 'rotate-salts.mjs'],
      ['mycompany-analytics-compact', 'compact-days.mjs'],
    ] as const;

    it.each(functions)(
      '%s holds exactly %s and the files it imports, statically or dynamically',
      (name, entry) => {
        const zip = zipOf(name);
        const dir = unzipAlone(zip);

        expect(zipEntries(zip)).toEqual(importClosure(dir, entry));
      },
    );

    it("the tracker's zip has its on-demand chunks (tRPC) and no other function's code", () => {
      const entries = zipEntries(zipOf('mycompany-analytics-tracker'));

      expect(entries.filter((name) => /^chunks\/trpc-route-[\w-]+\.mjs$/.test(name))).toHaveLength(1);
      expect(entries).not.toContain('compact-days.mjs');
      expect(entries).not.toContain('rotate-salts.mjs');
      const dir = unzipAlone(zipOf('mycompany-analytics-tracker'));
      // The compaction's S3 client (`S3Client`) is in no deployed file of the tracker.
      for (const name of entries)
        expect(readFileSync(join(dir, name), 'utf8'), name).not.toContain('S3Client');
    });
  },
);

describe.skipIf(!unzipAvailable)(
  `the tracker's zip, unzipped alone into an empty folder${NEEDS_UNZIP}`,
  () => {
    const puts: { url: string; body: string }[] = [];
    let server: Server;
    let endpoint = '';

    beforeAll(async () => {
      // One loopback server answers both services the tracker calls: SSM GetParameter (JSON 1.1, the
      // salt of the day) and S3 PutObject (path-style, stored in `puts`).
      server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (request.headers['x-amz-target'] === 'AmazonSSM.GetParameter') {
            const { Name } = JSON.parse(body) as { Name: string };
            response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
            response.end(
              JSON.stringify({ Parameter: { Name, Type: 'SecureString', Value: 'b'.repeat(64) } }),
            );
            return;
          }
          if (request.method === 'PUT') puts.push({ url: request.url ?? '', body });
          response.writeHead(request.method === 'PUT' ? 200 : 400, { etag: '"e"' });
          response.end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('imports with plain node and stores an event', async () => {
      const dir = unzipAlone(zipOf('mycompany-analytics-tracker'));
      const page = '/from-the-deployed-zip';
      // A Function URL request (payload 2.0, as AWS documents it) carrying the original's seed body.
      const event = {
        version: '2.0',
        routeKey: '$default',
        rawPath: '/track',
        rawQueryString: '',
        headers: { 'content-type': 'application/json', 'user-agent': 'deploy-check' },
        body: JSON.stringify({
          bucket: BUCKET,
          eventType: 'page_view',
          timestamp: '2025-12-17T12:00:00.000Z',
          page,
        }),
        isBase64Encoded: false,
        requestContext: {
          requestId: 'r-1',
          http: { method: 'POST', path: '/track', sourceIp: '198.51.100.23' },
        },
      };
      const code = `const { handler } = await import(${JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href)});
      const result = await handler(${JSON.stringify(event)});
      (await import('node:fs')).writeSync(3, JSON.stringify(result));`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
          AWS_ENDPOINT_URL_S3: endpoint,
          AWS_ENDPOINT_URL_SSM: endpoint,
          ALLOWED_BUCKETS: BUCKET,
          SALT_PARAMETER_PATH: SALT_PATH,
        },
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      });
      let report = '';
      let errors = '';
      child.stdio[3]?.on('data', (chunk: Buffer) => {
        report += chunk.toString('utf8');
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        errors += chunk.toString('utf8');
      });
      const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(exitCode, errors).toBe(0);

      const result = JSON.parse(report) as { statusCode: number; body: string };
      expect(result.statusCode).toBe(200);
      const { key } = JSON.parse(result.body) as { key: string };
      expect(key.startsWith('analytics/')).toBe(true);
      expect(puts.map((put) => decodeURIComponent(put.url))).toEqual([`/${BUCKET}/${key}`]);
      expect(JSON.parse(puts[0]?.body ?? '{}')).toMatchObject({ page, eventType: 'page_view' });
    }, 60_000);
  },
);
