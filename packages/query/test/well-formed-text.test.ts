import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OfflineServer, startOffline } from '@analytics-tracker/local';
import { defineConfig } from '@analytics-tracker/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalEngine, rowObjects, splitSql } from '../src/index.js';

const config = defineConfig({
  allowedBuckets: ['app1-analytics-prod', 'app2-analytics-staging'],
  apps: [
    { name: 'app1', bucket: 'app1-analytics-prod' },
    { name: 'app2', bucket: 'app2-analytics-staging' },
  ],
});
const examples = splitSql(
  await readFile(new URL('../../../sql/example-queries.sql', import.meta.url), 'utf8'),
);

let offline: OfflineServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'well-formed-'));
  offline = await startOffline({ port: 0, s3Port: 0, dataDir, config, quiet: true });
});

afterAll(async () => {
  await offline.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Sends the body text exactly as written: `\ud83c` stays a JSON escape, as curl would send it. */
const post = (text: string, path = '/track') =>
  fetch(`${offline.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: text,
  });

const now = () => new Date().toISOString();
// What '🎉'.slice(0, 1) gives, written as the JSON escape a client's JSON.stringify sends.
const HALF_EMOJI = '\\ud83c';

describe('a lone surrogate never reaches storage, so it can never break a query', () => {
  it('is refused over REST, tRPC and in a batch, with the field named', async () => {
    const single = await post(
      `{"bucket":"app1-analytics-prod","eventType":"${HALF_EMOJI}","timestamp":"${now()}"}`,
    );
    expect(single.status).toBe(400);
    expect(((await single.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe('eventType');

    const trpc = await post(
      `{"bucket":"app1-analytics-prod","eventType":"ok","timestamp":"${now()}","metadata":{"note":"${HALF_EMOJI}"}}`,
      '/trpc/track',
    );
    expect(trpc.status).toBe(400);
    const trpcBody = (await trpc.json()) as { error: { data: { issues: { path: string }[] } } };
    expect(trpcBody.error.data.issues[0]?.path).toBe('metadata.note');

    const batch = await post(
      `{"bucket":"app1-analytics-prod","events":[` +
        `{"eventType":"page_view","timestamp":"${now()}","page":"/ok","eventId":"wellformed-good-1"},` +
        `{"eventType":"page_view","timestamp":"${now()}","page":"/${HALF_EMOJI}"}]}`,
    );
    expect(batch.status).toBe(200);
    const batchBody = (await batch.json()) as {
      accepted: string[];
      rejected: { index: number; issues: { path: string }[] }[];
    };
    expect(batchBody.accepted).toEqual(['wellformed-good-1']);
    expect(batchBody.rejected.map((r) => [r.index, r.issues[0]?.path])).toEqual([[1, 'page']]);
  });

  it('well-formed but unusual text (emoji, NUL, line separators, quotes) is stored and every example query runs', async () => {
    const odd = '🎉 \u0000 \u2028 \u2029 "quoted" \\ back\\slash \t tab é 𝄞';
    const response = await fetch(`${offline.url}/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        bucket: 'app1-analytics-prod',
        eventId: 'wellformed-odd-1',
        eventType: odd,
        timestamp: now(),
        page: `/${odd}`,
        metadata: { [odd]: odd },
      }),
    });
    expect(response.status).toBe(200);
    const engine = await createLocalEngine({ dataDir, config });
    try {
      for (const statement of examples) await engine.run(statement.sql);
      const rows = rowObjects(
        await engine.run(
          "SELECT eventType FROM analytics_db.app1_events_dedup WHERE eventId = 'wellformed-odd-1'",
        ),
      );
      expect(rows).toEqual([{ eventtype: odd }]);
    } finally {
      await engine.close();
    }
    // Fourteen DuckDB queries over the files: seconds on a loaded machine.
  }, 60_000);
});
