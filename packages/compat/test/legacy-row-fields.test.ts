import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOffline } from '@analytics-tracker/local';
import { defineConfig } from '@analytics-tracker/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/index.js';
import { putLegacyRows } from './legacy-store.js';
import { queryJson } from './query-json.js';

const BUCKET = 'app1-analytics-prod';
const CONFIG_INPUT = { allowedBuckets: [BUCKET], apps: [{ name: 'app1', bucket: BUCKET }] };
const config = defineConfig(CONFIG_INPUT);

const NOW = new Date();
const DAY = NOW.toISOString().slice(0, 10);
const at = (time: string) => `${DAY}T${time}Z`;

/** A row as the original tracker wrote it (its README's data schema), with `patch` applied. */
const legacyRow = (eventId: string, sessionId: string, patch: Record<string, unknown>) => ({
  eventId,
  eventType: 'click',
  timestamp: at('08:00:00.000'),
  serverTimestamp: at('08:00:00.250'),
  page: '/',
  sessionId,
  ip: 'cccccccccccccccc',
  location: { country: 'unknown', city: 'unknown', region: 'unknown' },
  device: { device_type: 'desktop', browser: 'Chrome' },
  viewport: { width: 1280, height: 720 },
  referrer: 'direct',
  userAgent: 'Mozilla/5.0...',
  fromWebsite: null,
  ...patch,
});

const LEGACY_ROWS = [
  // The original's versions before it lifted `metadata.userId`: the id only inside `metadata`.
  legacyRow('1765972900-a0000001', 'fields-1', { metadata: { userId: 'u-41', plan: 'pro' } }),
  legacyRow('1765972901-a0000002', 'fields-2', { metadata: '{"userId":"u-42"}' }),
  // Its latest version: lifted to the top level as well; the top-level value is the one read.
  legacyRow('1765972902-a0000003', 'fields-3', { userId: 'u-43', metadata: { userId: 'u-43' } }),
  legacyRow('1765972903-a0000004', 'fields-4', { metadata: { plan: 'team' } }),
  legacyRow('1765972904-a0000005', 'fields-5', { metadata: 'not json' }),
  // The shape of an ISO date, but month 13 day 45: no such instant. The original stored it as sent.
  legacyRow('1765972905-a0000006', 'fields-6', {
    timestamp: '2025-13-45T10:00:00.000Z',
    serverTimestamp: at('08:05:00.000'),
  }),
  legacyRow('1765972906-a0000007', 'fields-7', {
    timestamp: '2025-02-30',
    serverTimestamp: at('08:06:00.000'),
  }),
];

let dir: string;
let dataDir: string;
let configFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'compat-legacy-fields-'));
  dataDir = join(dir, '.data');
  configFile = join(dir, 'tracker.config.ts');
  await writeFile(configFile, `export default ${JSON.stringify(CONFIG_INPUT)};\n`);
  const offline = await startOffline({ port: 0, s3Port: 0, dataDir, quiet: true, config, clock: () => NOW });
  try {
    // As the original wrote them: one PutObject per event, `analytics/year=/month=/day=/<eventId>.json`.
    await putLegacyRows(offline.s3Endpoint, BUCKET, DAY, LEGACY_ROWS);
  } finally {
    await offline.stop();
  }
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const query = (args: string[]) => queryJson(args, { configFile, dataDir });

describe("the original's rows: userId kept in metadata, impossible dates", () => {
  it('lifts metadata.userId into userid when the row has no top-level userId', async () => {
    const rows = await query([
      'SELECT sessionid, userid FROM analytics_db.app1_events_dedup ORDER BY sessionid',
    ]);
    expect(rows).toEqual([
      { sessionid: 'fields-1', userid: 'u-41' },
      { sessionid: 'fields-2', userid: 'u-42' },
      { sessionid: 'fields-3', userid: 'u-43' },
      { sessionid: 'fields-4', userid: null },
      { sessionid: 'fields-5', userid: null },
      { sessionid: 'fields-6', userid: null },
      { sessionid: 'fields-7', userid: null },
    ]);
  });

  it('counts users by userid across legacy rows', async () => {
    expect(
      await query([
        'SELECT count(DISTINCT userid) AS users FROM analytics_db.app1_events_dedup WHERE userid IS NOT NULL',
      ]),
    ).toEqual([{ users: 3 }]);
  });

  it('reads an impossible date as the server time, and the query over it does not fail', async () => {
    const rows = await query([
      `SELECT sessionid, "timestamp",
              date_diff('second', from_iso8601_timestamp("timestamp"), from_iso8601_timestamp(servertimestamp)) AS skew
       FROM analytics_db.app1_events_dedup WHERE sessionid IN ('fields-6', 'fields-7', 'fields-1') ORDER BY sessionid`,
    ]);
    expect(rows).toEqual([
      { sessionid: 'fields-1', timestamp: at('08:00:00.000'), skew: 0 },
      { sessionid: 'fields-6', timestamp: at('08:05:00.000'), skew: 0 },
      { sessionid: 'fields-7', timestamp: at('08:06:00.000'), skew: 0 },
    ]);
  });

  it("the examples' sessions query runs over them", async () => {
    const sessions = await query([
      '--file',
      join(REPO_ROOT, 'sql/example-queries.sql'),
      '--name',
      'sessions',
    ]);
    expect(sessions.map((session) => session.session_id).sort()).toEqual(
      LEGACY_ROWS.map((row) => row.sessionId).sort(),
    );
  });
});
