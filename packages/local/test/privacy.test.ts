/**
 * Each statement of the README's "Privacy" section, checked through the real offline server (real
 * HTTP, real s3rver, the same salt rotation as in AWS over a local file). Expected hashes come from
 * OpenSSL (`openssl dgst -sha256 -hmac <salt>`), not from the tracker's code.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, type StoredRow, type UserAgentMode } from '@analytics-tracker/schema';
import { afterEach, describe, expect, it } from 'vitest';
import {
  consoleObserver,
  type OfflineServer,
  readStoredRows,
  saltsFile,
  startOffline,
} from '../src/index.js';

const VISITOR_IP = '203.0.113.7';
const FINGERPRINT_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 UniqueFingerprintToken/42';
const APP1 = 'app1-analytics-prod';
const APP2 = 'app2-analytics-staging';

/** First 16 hex of HMAC-SHA256(key = salt text, message), computed by OpenSSL. */
function opensslHmac16(salt: string, message: string): string {
  const out = execFileSync('openssl', ['dgst', '-sha256', '-hmac', salt], { input: message }).toString();
  const hex = out.trim().split('= ').at(-1) ?? '';
  return hex.slice(0, 16);
}

interface Running {
  offline: OfflineServer;
  dataDir: string;
  log: string[];
  setNow(iso: string): void;
}

const running: Running[] = [];
afterEach(async () => {
  for (const { offline, dataDir } of running.splice(0)) {
    await offline.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});

async function start(userAgent?: UserAgentMode): Promise<Running> {
  const dataDir = await mkdtemp(join(tmpdir(), 'privacy-test-'));
  let now = new Date('2025-12-17T12:00:00.000Z');
  const log: string[] = [];
  const offline = await startOffline({
    port: 0,
    s3Port: 0,
    dataDir,
    config: defineConfig({
      allowedBuckets: [APP1, APP2],
      // Behind CloudFront, as in production: the visitor's address comes from CloudFront-Viewer-Address.
      cloudfront: { enabled: true },
      ...(userAgent ? { userAgent } : {}),
      apps: [
        { name: 'app1', bucket: APP1 },
        { name: 'app2', bucket: APP2 },
      ],
    }),
    clock: () => now,
    observer: consoleObserver((line) => log.push(line)),
  });
  const run = { offline, dataDir, log, setNow: (iso: string) => (now = new Date(iso)) };
  running.push(run);
  return run;
}

/** One event from the visitor, through CloudFront-style headers as in production (offline trusts them). */
async function send(run: Running, bucket: string, eventType: string): Promise<void> {
  const response = await fetch(`${run.offline.url}/track`, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain',
      origin: 'https://www.example.com',
      'user-agent': FINGERPRINT_UA,
      'cloudfront-viewer-address': `${VISITOR_IP}:51234`,
    },
    body: JSON.stringify({ bucket, eventType, timestamp: '2025-12-17T12:00:00.000Z' }),
  });
  expect(response.status).toBe(200);
}

async function row(run: Running, bucket: string, eventType: string): Promise<StoredRow> {
  const found = (await readStoredRows(run.dataDir, bucket)).find(
    (candidate) => candidate.eventType === eventType,
  );
  if (!found) throw new Error(`no stored ${eventType} in ${bucket}`);
  return found;
}

async function salts(run: Running): Promise<Record<string, string>> {
  return JSON.parse(await readFile(saltsFile(run.dataDir), 'utf8'));
}

/** Every file the offline tracker left behind (objects, s3rver metadata, salts), as text. */
async function everythingLeft(dataDir: string): Promise<string> {
  const names = await readdir(dataDir, { recursive: true });
  const texts: string[] = [];
  for (const name of names) {
    const path = join(dataDir, name);
    if ((await stat(path)).isFile()) texts.push((await readFile(path)).toString('latin1'));
  }
  return texts.join('\n');
}

// Each test starts its own offline tracker (s3rver + HTTP): seconds on a shared machine.
describe('README › Privacy', { timeout: 60_000 }, () => {
  it('stores no raw IP, and logs neither an IP nor a salt', async () => {
    const run = await start();
    await send(run, APP1, 'page_view');
    const stored = (await readStoredRows(run.dataDir, APP1)).map((one) => JSON.stringify(one)).join('\n');
    expect(stored).toContain('"eventType":"page_view"');
    expect(stored).not.toContain(VISITOR_IP);
    expect(await everythingLeft(run.dataDir)).not.toContain(VISITOR_IP);
    expect(run.log).toHaveLength(1);
    const log = run.log.join('\n');
    expect(log).not.toContain(VISITOR_IP);
    for (const salt of Object.values(await salts(run))) expect(log).not.toContain(salt);
  });

  it('ip = HMAC-SHA256(salt of the day, bucket\\nip) and visitorId = HMAC-SHA256(salt, bucket\\nip\\nuser agent), 16 hex', async () => {
    const run = await start();
    await send(run, APP1, 'page_view');
    const salt = (await salts(run))['2025-12-17'] ?? '';
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    const stored = await row(run, APP1, 'page_view');
    expect(stored.ip).toBe(opensslHmac16(salt, `${APP1}\n${VISITOR_IP}`));
    expect(stored.visitorId).toBe(opensslHmac16(salt, `${APP1}\n${VISITOR_IP}\n${FINGERPRINT_UA}`));
  });

  it('gives the same visitor different identifiers in two apps', async () => {
    const run = await start();
    await send(run, APP1, 'page_view');
    await send(run, APP2, 'page_view');
    const [one, two] = [await row(run, APP1, 'page_view'), await row(run, APP2, 'page_view')];
    expect(one.ip).not.toBe(two.ip);
    expect(one.visitorId).not.toBe(two.visitorId);
  });

  it('links a visitor within one UTC day only', async () => {
    const run = await start();
    run.setNow('2025-12-17T00:00:01.000Z');
    await send(run, APP1, 'morning');
    run.setNow('2025-12-17T23:59:59.000Z');
    await send(run, APP1, 'night');
    run.setNow('2025-12-18T00:00:01.000Z');
    await send(run, APP1, 'next_day');
    const [morning, night, nextDay] = [
      await row(run, APP1, 'morning'),
      await row(run, APP1, 'night'),
      await row(run, APP1, 'next_day'),
    ];
    expect(night.visitorId).toBe(morning.visitorId);
    expect(night.ip).toBe(morning.ip);
    expect(nextDay.visitorId).not.toBe(night.visitorId);
    expect(nextDay.ip).not.toBe(night.ip);
  });

  it("after the day ends, nothing left can recompute that day's hashes", async () => {
    const run = await start();
    await send(run, APP1, 'yesterday');
    const yesterday = await row(run, APP1, 'yesterday');
    const reproduces = (text: string) =>
      [...new Set(text.match(/[0-9a-f]{64}/g) ?? [])].some(
        (candidate) => opensslHmac16(candidate, `${APP1}\n${VISITOR_IP}`) === yesterday.ip,
      );
    // While the day lasts, its salt is on disk, and this search finds it: the check below can fail.
    expect(reproduces(await everythingLeft(run.dataDir))).toBe(true);

    run.setNow('2025-12-18T00:00:01.000Z');
    await send(run, APP1, 'today');
    expect(Object.keys(await salts(run)).sort()).toEqual(['2025-12-18', '2025-12-19']);
    expect(reproduces(await everythingLeft(run.dataDir))).toBe(false);
  });

  it('keeps only the parsed user agent by default; the full string only with userAgent: full', async () => {
    const parsed = await start();
    await send(parsed, APP1, 'page_view');
    const stored = await row(parsed, APP1, 'page_view');
    expect(stored.userAgent).toBeNull();
    expect(stored.device).toEqual({
      device_type: 'desktop',
      browser: 'Chrome',
      browser_version: '131.0.0.0',
      os: 'Linux',
      is_bot: false,
    });
    expect(await everythingLeft(parsed.dataDir)).not.toContain('UniqueFingerprintToken/42');

    const none = await start('none');
    await send(none, APP1, 'page_view');
    expect((await row(none, APP1, 'page_view')).device).toEqual({
      device_type: 'desktop',
      browser: null,
      browser_version: null,
      os: null,
      is_bot: false,
    });

    const full = await start('full');
    await send(full, APP1, 'page_view');
    expect((await row(full, APP1, 'page_view')).userAgent).toBe(FINGERPRINT_UA);
  });
});
