import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { storedObjectText } from '@analytics-tracker/handler';
import { S3RVER_OBJECT_SUFFIX } from '@analytics-tracker/local';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureObserver,
  type HostileRequest,
  hostileRequest,
  isAllowedKey,
  isAllowedTestBucket,
  leakedIps,
  startTempOffline,
  type TempOffline,
} from '../src/index.js';

const NUM_RUNS = 300;
const PEER_IP = '127.0.0.1';

let offline: TempOffline;
let dataDir: string;
const observer = captureObserver();

beforeAll(async () => {
  offline = await startTempOffline('tracker-hostile', {
    allowedBuckets: ['app1-analytics-prod', 'app2-analytics-staging', '*-analytics'],
    maxBodyBytes: 16 * 1024,
    observer,
  });
  dataDir = offline.dataDir;
});

afterAll(async () => {
  await offline?.cleanup();
});

/** Every object s3rver holds, in any bucket and under any key. */
async function allObjects(): Promise<{ bucket: string; key: string; path: string }[]> {
  const root = join(dataDir, 's3');
  const files = await readdir(root, { recursive: true, withFileTypes: true });
  return files
    .filter((file) => file.isFile() && file.name.endsWith(S3RVER_OBJECT_SUFFIX))
    .map((file) => {
      const [bucket = '', ...rest] = relative(root, join(file.parentPath, file.name)).split(sep);
      return {
        bucket,
        key: rest.join('/').slice(0, -S3RVER_OBJECT_SUFFIX.length),
        path: join(file.parentPath, file.name),
      };
    });
}

async function send(request: HostileRequest, gzip: boolean): Promise<number> {
  const method = request.method.toUpperCase();
  const canHaveBody = method !== 'GET' && method !== 'HEAD';
  const body = gzip ? gzipSync(request.body) : Buffer.from(request.body);
  const query = request.rawQueryString ? `?${request.rawQueryString}` : '';
  const response = await fetch(`${offline.url}${request.path}${query}`, {
    method,
    headers: gzip ? { ...request.headers, 'content-encoding': 'gzip' } : request.headers,
    ...(canHaveBody ? { body } : {}),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('hostile input, through the offline server', () => {
  it(`never answers 5xx, stores only under analytics/ of allowed buckets, and never a raw IP (${NUM_RUNS} requests)`, async () => {
    const seen: HostileRequest[] = [];
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(hostileRequest, fc.boolean(), async (generated, gzip) => {
        const request = { ...generated, clientIps: [...generated.clientIps, PEER_IP] };
        const status = await send(request, gzip);
        statuses.add(status);
        seen.push(request);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: NUM_RUNS, seed: 1_217 },
    );

    const objects = await allObjects();
    expect(objects.length).toBeGreaterThan(0);
    expect(statuses.has(200)).toBe(true);
    for (const object of objects) {
      expect(isAllowedTestBucket(object.bucket), object.bucket).toBe(true);
      expect(isAllowedKey(object.key), object.key).toBe(true);
    }
    // A raw IP in any stored object or log line, unless that same request wrote it into its own content.
    const stored = await Promise.all(
      objects.map(async (object) => storedObjectText(await readFile(object.path))),
    );
    for (const request of seen) {
      for (const text of [...stored, ...observer.lines]) expect(leakedIps(text, request)).toEqual([]);
    }
  });
});
