import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOffline } from '@analytics-tracker/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import { type DashboardServer, localBackend, startDashboard } from '../src/index.js';
import { loadQueries } from './query-layer.js';

// The first request of the repository README, as a reader copies it.
const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
const readmeBody =
  /curl -X POST http:\/\/localhost:3000\/track[^']*-d '(\{[\s\S]*?\})'/.exec(readme)?.[1] ?? '';

// A reader tries it long after the README's timestamp was written, then sends a second page view
// of the same session two minutes later with the current time.
const FIRST = new Date('2026-11-30T10:00:00.000Z');
const SECOND = new Date('2026-11-30T10:02:00.000Z');

let dataDir: string;
let dashboard: DashboardServer;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'dashboard-readme-'));
  let now = FIRST;
  const offline = await startOffline({ port: 0, s3Port: 0, dataDir, config, quiet: true, clock: () => now });
  try {
    const post = async (body: string) => {
      const response = await fetch(`${offline.url}/track`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(200);
    };
    await post(readmeBody);
    now = SECOND;
    const again = { ...(JSON.parse(readmeBody) as object), timestamp: SECOND.toISOString(), page: '/about' };
    await post(JSON.stringify(again));
  } finally {
    await offline.stop();
  }
  dashboard = await startDashboard({
    config,
    backend: localBackend({ dataDir, config }),
    queries: await loadQueries(),
    port: 0,
    clock: () => SECOND,
  });
}, 60_000);

afterAll(async () => {
  await dashboard?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("the README's own example on the page", () => {
  it('is the request the README shows (a page view of session abc123 dated 2025-12-17)', () => {
    expect(JSON.parse(readmeBody)).toMatchObject({
      eventType: 'page_view',
      sessionId: 'abc123',
      timestamp: '2025-12-17T12:00:00.000Z',
    });
  });

  it('gives an average session of two minutes, not the months between its timestamp and today', async () => {
    // The README's timestamp is more than a day behind the server, so the server's time counts
    // (README: client clocks are bounded): the session runs from 10:00 to 10:02.
    const page = await (await fetch(`${dashboard.url}/?app=app1&range=today`)).text();
    expect(page).toContain('data-metric="avg_session_seconds" data-value="120"');
    expect(page).toMatch(
      /data-metric="avg_session_seconds"[^>]*>\s*<dt>Avg\. session<\/dt>\s*<dd class="value">2m 00s<\/dd>/,
    );
    expect(page).toContain('data-metric="sessions" data-value="1"');
  });
});
