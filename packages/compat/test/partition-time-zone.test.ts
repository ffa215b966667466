import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OfflineOptions, startOffline } from '@analytics-tracker/local';
import { defineConfig } from '@analytics-tracker/schema';
import { describe, expect, it } from 'vitest';
import { ORIGINAL_BODY } from '../src/index.js';

// 03:00 UTC on December 18 is 22:00 on December 17 in New York (EST, UTC-5): the original tracker
// wrote such an event under day=17, we write it under day=18 unless told to keep New York's days.
const LATE_EVENING_IN_NEW_YORK = new Date('2025-12-18T03:00:00.000Z');

async function keyWith(options: Omit<OfflineOptions, 'port' | 's3Port' | 'dataDir' | 'clock' | 'quiet'>) {
  const dataDir = await mkdtemp(join(tmpdir(), 'compat-zone-'));
  const offline = await startOffline({
    port: 0,
    s3Port: 0,
    dataDir,
    quiet: true,
    clock: () => LATE_EVENING_IN_NEW_YORK,
    ...options,
  });
  try {
    const response = await fetch(`${offline.url}/track`, {
      method: 'POST',
      body: JSON.stringify(ORIGINAL_BODY),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { key: string }).key;
  } finally {
    await offline.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

describe('the partition day', () => {
  it('is the UTC day by default', async () => {
    expect(await keyWith({ env: { ALLOWED_BUCKETS: 'app1-analytics-prod' } })).toMatch(
      /^analytics\/year=2025\/month=12\/day=18\//,
    );
  });

  it("is New York's day with PARTITION_TIME_ZONE=America/New_York, as the original wrote it", async () => {
    const env = { ALLOWED_BUCKETS: 'app1-analytics-prod', PARTITION_TIME_ZONE: 'America/New_York' };
    expect(await keyWith({ env })).toMatch(/^analytics\/year=2025\/month=12\/day=17\//);
  });

  it("is New York's day with partitionTimeZone in tracker.config.ts", async () => {
    const config = defineConfig({
      allowedBuckets: ['app1-analytics-prod'],
      partitionTimeZone: 'America/New_York',
    });
    expect(await keyWith({ config })).toMatch(/^analytics\/year=2025\/month=12\/day=17\//);
  });

  it('refuses an unknown zone before starting', async () => {
    await expect(
      keyWith({ env: { ALLOWED_BUCKETS: 'app1-analytics-prod', PARTITION_TIME_ZONE: 'Eastern' } }),
    ).rejects.toThrow(/PARTITION_TIME_ZONE must be an IANA time zone/);
  });
});
