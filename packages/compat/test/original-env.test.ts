import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStoredRows } from '@analytics-tracker/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OfflineExitError,
  type OfflineProcess,
  ORIGINAL_BODY,
  ORIGINAL_ERRORS,
  startOfflineProcess,
} from '../src/index.js';

/**
 * Our key (README, "Storage"): `analytics/year=YYYY/month=MM/day=DD/<eventId>-<content hash>.json`.
 * Written from the documented layout, not from the code that builds it.
 */
const OUR_KEY = /^analytics\/year=(\d{4})\/month=(\d{2})\/day=(\d{2})\/(.+)-([^-/]+)\.json$/;

// The original tracker's deployment, as its environment variables were set (its README's
// allowedBuckets, and one site as the CORS origin list).
const ORIGINAL_ENV = {
  ALLOWED_BUCKETS: 'app1-analytics-prod,app2-analytics-staging,*-analytics',
  CORS_ORIGINS: 'https://naeemgitonga.com',
};
const SITE = 'https://naeemgitonga.com';

let offline: OfflineProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'compat-env-'));
  offline = await startOfflineProcess({ ...ORIGINAL_ENV, DATA_DIR: dataDir });
});

afterAll(async () => {
  await offline?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

function post(body: unknown, headers: Record<string, string> = { origin: SITE }, path = '/track') {
  return fetch(`${offline.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const rowsOf = async (bucket: string) => readStoredRows(dataDir, bucket);

/** A body with a unique session, so each test finds its own stored row. */
const tagged = (sessionId: string, patch: Record<string, unknown> = {}) => ({
  ...ORIGINAL_BODY,
  sessionId,
  ...patch,
});

async function storedRow(sessionId: string) {
  return (await rowsOf('app1-analytics-prod')).find((row) => row.sessionId === sessionId);
}

describe('CORS_ORIGINS, passed verbatim', () => {
  it("stores the README's request from a listed origin, with the original's 200 body and key", async () => {
    const sentOn = new Date().toISOString().slice(0, 10);
    const response = await post(tagged('cors-listed'));
    const answeredOn = new Date().toISOString().slice(0, 10);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(['bucket', 'eventId', 'key', 'status']);
    expect(body.status).toBe('ok');
    expect(body.bucket).toBe('app1-analytics-prod');
    // Deliberately different (migration guide): the original's key ended `<eventId>.json`; ours adds a
    // hash of the content, `<eventId>-<16 hex>.json`, so no later request can replace this object.
    const key = OUR_KEY.exec(body.key ?? '');
    expect(key?.[4]).toBe(body.eventId);
    expect(key?.[5]).toMatch(/^[0-9a-f]{16}$/);
    // The partition is the server's UTC day when it stored the event (the original's was New York's).
    expect([sentOn, answeredOn]).toContain(`${key?.[1]}-${key?.[2]}-${key?.[3]}`);
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE);
    const row = await storedRow('cors-listed');
    expect(row).toMatchObject({ eventId: body.eventId, eventType: 'page_view', page: '/articles/my-post' });
  });

  it('stores an identical event sent twice once: same 200 body, one object (the original stored two)', async () => {
    const first = await post(tagged('sent-twice'));
    const second = await post(tagged('sent-twice'));
    expect([first.status, second.status]).toEqual([200, 200]);
    const [a, b] = [await first.json(), await second.json()];
    expect(b).toEqual(a);
    const stored = (await rowsOf('app1-analytics-prod')).filter((row) => row.sessionId === 'sent-twice');
    expect(stored).toHaveLength(1);
  });

  it.each([
    ['an unlisted Origin', { origin: 'https://evil.com' }],
    ['no Origin at all', {}],
    ['an origin that only starts like the listed one', { origin: 'https://naeemgitonga.com.evil.com' }],
  ])("answers %s with the original's 403 and stores nothing", async (_name, headers) => {
    const session = `cors-refused-${Object.values(headers).join('') || 'none'}`;
    const response = await post(tagged(session), headers);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(ORIGINAL_ERRORS.ORIGIN_FORBIDDEN);
    expect(await storedRow(session)).toBeUndefined();
  });

  it('counts every refusal in the request log, so no lost event is silent', () => {
    expect(offline.output()).toMatch(/POST \/track 403 .*origin_not_allowed/);
  });
});

describe("the original's error strings", () => {
  it.each([
    ['no bucket', { ...ORIGINAL_BODY, bucket: undefined }],
    ['a null body', 'null'],
    ['an empty body', ''],
  ])('%s → 400 Missing required field: bucket', async (_name, body) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(ORIGINAL_ERRORS.MISSING_BUCKET);
  });

  it('no body at all → 400 Missing required field: bucket', async () => {
    const response = await fetch(`${offline.url}/track`, { method: 'POST', headers: { origin: SITE } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(ORIGINAL_ERRORS.MISSING_BUCKET);
  });

  it.each([
    ['eventType', { eventType: undefined }],
    ['timestamp', { timestamp: undefined }],
    ['both', { eventType: undefined, timestamp: undefined }],
  ])('missing %s → 400 Missing required fields: eventType and timestamp', async (_name, patch) => {
    const response = await post({ ...ORIGINAL_BODY, ...patch });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe(
      ORIGINAL_ERRORS.MISSING_EVENT_TYPE_OR_TIMESTAMP,
    );
  });

  it('a bucket outside ALLOWED_BUCKETS → 403 with the original body', async () => {
    const response = await post({ ...ORIGINAL_BODY, bucket: 'someone-elses-bucket' });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(ORIGINAL_ERRORS.BUCKET_FORBIDDEN);
  });

  it('a bucket matched by a * pattern of ALLOWED_BUCKETS is accepted', async () => {
    const response = await post({ ...ORIGINAL_BODY, bucket: 'my-app-analytics', sessionId: 'wildcard' });
    expect(response.status).toBe(200);
    expect((await rowsOf('my-app-analytics')).map((row) => row.sessionId)).toEqual(['wildcard']);
  });
});

describe('what the original stored', () => {
  it('lifts metadata.userId into the userId column and keeps the metadata', async () => {
    const response = await post(tagged('user-lift', { metadata: { userId: 'u-42', plan: 'pro' } }));
    expect(response.status).toBe(200);
    const row = await storedRow('user-lift');
    expect(row?.userId).toBe('u-42');
    expect(JSON.parse(row?.metadata ?? 'null')).toEqual({ userId: 'u-42', plan: 'pro' });
  });

  // Expected instants from ISO 8601 (no zone = UTC) and `date -u -d @1765972800`.
  it.each([
    ['epoch milliseconds', 1765972800000, '2025-12-17T12:00:00.000Z'],
    ['ISO without a zone (UTC)', '2025-12-17T12:00:00', '2025-12-17T12:00:00.000Z'],
    ['a date', '2025-12-17', '2025-12-17T00:00:00.000Z'],
    ['ISO with an offset', '2025-12-17T07:00:00-05:00', '2025-12-17T12:00:00.000Z'],
  ])('accepts a timestamp as %s and stores it normalized', async (name, timestamp, stored) => {
    const session = `ts-${name}`;
    const response = await post(tagged(session, { timestamp }));
    expect(response.status).toBe(200);
    expect((await storedRow(session))?.timestamp).toBe(stored);
  });

  it.each([['yesterday'], ['12/17/2025'], [1765972800]])(
    'still refuses the timestamp %j',
    async (timestamp) => {
      const session = `ts-junk-${timestamp}`;
      const response = await post(tagged(session, { timestamp }));
      expect(response.status).toBe(400);
      expect(((await response.json()) as { issues: { path: string }[] }).issues).toContainEqual(
        expect.objectContaining({ path: 'timestamp' }),
      );
      expect(await storedRow(session)).toBeUndefined();
    },
  );
});

describe("the original's stage path", () => {
  it('accepts POST /prod/track, as the original clients send it', async () => {
    const response = await post(tagged('stage-prod'), { origin: SITE }, '/prod/track');
    expect(response.status).toBe(200);
    expect((await storedRow('stage-prod'))?.eventType).toBe('page_view');
  });

  it('does not treat any other first segment as a stage', async () => {
    const response = await post(tagged('stage-other'), { origin: SITE }, '/production/track');
    expect(response.status).toBe(404);
    expect(await storedRow('stage-other')).toBeUndefined();
  });
});

describe('other deployments of the original', () => {
  it('CORS_ORIGINS=* accepts requests without an Origin (servers, curl)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'compat-star-'));
    const open = await startOfflineProcess({
      ALLOWED_BUCKETS: 'app1-analytics-prod',
      CORS_ORIGINS: '*',
      DATA_DIR: dir,
    });
    try {
      const response = await fetch(`${open.url}/track`, {
        method: 'POST',
        body: JSON.stringify(ORIGINAL_BODY),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(await readStoredRows(dir, 'app1-analytics-prod')).toHaveLength(1);
    } finally {
      await open.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('CORS_ORIGIN (singular) is read as an alias, with custom stage names', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'compat-alias-'));
    const aliased = await startOfflineProcess({
      ALLOWED_BUCKETS: 'app1-analytics-prod',
      CORS_ORIGIN: SITE,
      STAGE_NAMES: 'v1,staging',
      DATA_DIR: dir,
    });
    try {
      const send = (origin: string, path: string) =>
        fetch(`${aliased.url}${path}`, {
          method: 'POST',
          headers: { origin },
          body: JSON.stringify(ORIGINAL_BODY),
        });
      expect((await send('https://evil.com', '/track')).status).toBe(403);
      const staging = await send(SITE, '/staging/track');
      const v1 = await send(SITE, '/v1/track');
      expect([staging.status, v1.status]).toEqual([200, 200]);
      expect((await send(SITE, '/prod/track')).status).toBe(404);
      // The same event through two stages is one event: stored once (first wins), the same key twice.
      expect(((await v1.json()) as { key: string }).key).toBe(
        ((await staging.json()) as { key: string }).key,
      );
      expect(await readStoredRows(dir, 'app1-analytics-prod')).toHaveLength(1);
    } finally {
      await aliased.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['empty', ''],
    ['only commas', ' , '],
  ])('ALLOWED_BUCKETS %s: does not start, and says why', async (_name, value) => {
    const dir = await mkdtemp(join(tmpdir(), 'compat-empty-'));
    try {
      const failure = await startOfflineProcess({ ALLOWED_BUCKETS: value, DATA_DIR: dir }).then(
        async (started) => {
          await started.stop();
          throw new Error('npm run offline started with an empty ALLOWED_BUCKETS');
        },
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(OfflineExitError);
      expect((failure as OfflineExitError).code).toBe(1);
      expect((failure as OfflineExitError).output).toContain(
        'ALLOWED_BUCKETS is empty. The original tracker accepted every bucket then',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
