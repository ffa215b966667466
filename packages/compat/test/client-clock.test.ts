import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStoredRows, startOffline } from '@analytics-tracker/local';
import { defineConfig } from '@analytics-tracker/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGINAL_BODY } from '../src/index.js';
import { queryJson } from './query-json.js';

const BUCKET = ORIGINAL_BODY.bucket;
const CONFIG_INPUT = { allowedBuckets: [BUCKET], apps: [{ name: 'app1', bucket: BUCKET }] };

// The server's clock, injected: every event below is stored at this instant.
const NOW = new Date();
NOW.setUTCHours(12, 0, 0, 0);
const SERVER_TIME = NOW.toISOString();
const TEN_MINUTES_AGO = new Date(NOW.getTime() - 10 * 60_000).toISOString();

/**
 * Client timestamps at the edges of the calendar, and what ISO 8601 says they are. The stored text is
 * ECMA-262's Date Time String Format (`YYYY-MM-DDTHH:mm:ss.sssZ`, four-digit years 0000–9999), so the
 * years 0–99 stay those years (not 1900–1999). All are far outside the client-clock window (one day
 * behind, one hour ahead of the server), so the reading view shows the server's time for them.
 */
const EDGES = [
  { session: 'year-0000', sent: '0000-01-01T00:00:00Z', stored: '0000-01-01T00:00:00.000Z' },
  { session: 'year-0099', sent: '0099-12-31T23:59:59Z', stored: '0099-12-31T23:59:59.000Z' },
  { session: 'year-0100', sent: '0100-01-01', stored: '0100-01-01T00:00:00.000Z' },
  { session: 'year-9999', sent: '9999-12-31T23:59:59.999Z', stored: '9999-12-31T23:59:59.999Z' },
];

let dir: string;
let dataDir: string;
let configFile: string;
const statuses: number[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'compat-clock-'));
  dataDir = join(dir, '.data');
  configFile = join(dir, 'tracker.config.ts');
  await writeFile(configFile, `export default ${JSON.stringify(CONFIG_INPUT)};\n`);
  const offline = await startOffline({
    port: 0,
    s3Port: 0,
    dataDir,
    quiet: true,
    config: defineConfig(CONFIG_INPUT),
    clock: () => NOW,
  });
  try {
    const sends = [...EDGES, { session: 'in-window', sent: TEN_MINUTES_AGO }];
    for (const { session, sent } of sends) {
      const response = await fetch(`${offline.url}/track`, {
        method: 'POST',
        body: JSON.stringify({ ...ORIGINAL_BODY, sessionId: session, timestamp: sent }),
      });
      statuses.push(response.status);
    }
  } finally {
    await offline.stop();
  }
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('client timestamps at the edges of the calendar', () => {
  it('accepts each, and stores the instant ISO 8601 gives it (year 0000 is not 1900)', async () => {
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const rows = await readStoredRows(dataDir, BUCKET);
    for (const edge of EDGES) {
      expect(rows.find((row) => row.sessionId === edge.session)?.timestamp, edge.session).toBe(edge.stored);
    }
  });

  it('reads them as the server time through the reading view (npm run query), a believable one as sent', async () => {
    const rows = await queryJson(
      ['SELECT sessionid, "timestamp" FROM analytics_db.app1_events_dedup ORDER BY sessionid'],
      { configFile, dataDir },
    );
    expect(rows).toEqual([
      { sessionid: 'in-window', timestamp: TEN_MINUTES_AGO },
      ...EDGES.map((edge) => ({ sessionid: edge.session, timestamp: SERVER_TIME })),
    ]);
  });
});
