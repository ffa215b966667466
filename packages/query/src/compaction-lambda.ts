import {
  type AppConfig,
  InvalidDayError,
  type PartitionDay,
  partitionDay,
  partitionDayOf,
  partitionDayText,
} from '@analytics-tracker/schema';
import { AthenaClient } from '@aws-sdk/client-athena';
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type AthenaCompactedDay, type CompactionStore, compactOnAthena } from './athena-compaction.js';
import { athenaApi, createAthenaEngine } from './athena-engine.js';

/** The compaction function's environment, written by terraform (`DailyCompaction`). */
export interface CompactionEnv {
  /** JSON `[{ "name": "app1", "bucket": "app1-analytics-prod" }, …]` */
  COMPACTION_APPS: string;
  GLUE_DATABASE: string;
  ATHENA_WORKGROUP: string;
  RAW_RETENTION_DAYS: string;
  /** The partitions' IANA time zone (UTC when absent). */
  PARTITION_TIME_ZONE?: string;
}

function required(env: Record<string, string | undefined>, name: keyof CompactionEnv): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set: the compaction function is configured by terraform`);
  return value;
}

/**
 * An S3 `CompactionStore` over a real client.
 *
 * @example
 * const store = s3CompactionStore(new S3Client({}));
 */
export function s3CompactionStore(client: S3Client): CompactionStore {
  return {
    async hasObjects(bucket, prefix) {
      const listed = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }),
      );
      return (listed.KeyCount ?? 0) > 0;
    },
    async deleteAll(bucket, prefix) {
      let deleted = 0;
      let token: string | undefined;
      do {
        const listed = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        const keys = (listed.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
        if (keys.length > 0) {
          await client.send(
            new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }),
          );
          deleted += keys.length;
        }
        token = listed.IsTruncated ? listed.NextContinuationToken : undefined;
      } while (token);
      return deleted;
    },
    async put(bucket, key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
  };
}

/**
 * The daily compaction Lambda (`compact-days.handler` in the bundle), run by EventBridge Scheduler:
 * compacts every app's complete days not compacted yet (`compactOnAthena`). Invoke it with
 * `{ "day": "2026-11-28" }` to compact that day again. Logs one JSON line per app and day, and fails
 * (so the error metric, alarms and the scheduler's retries see it) when any day failed.
 *
 * @example
 * await handler({}); // [{ app: 'app1', day: '2026-11-29', outcome: 'compacted', replacedObjects: 0 }, …]
 */
export async function handler(event: { day?: string } = {}): Promise<AthenaCompactedDay[]> {
  const env = process.env;
  const apps = JSON.parse(required(env, 'COMPACTION_APPS')) as Pick<AppConfig, 'name' | 'bucket'>[];
  const database = required(env, 'GLUE_DATABASE');
  const timeZone = env.PARTITION_TIME_ZONE || 'UTC';
  let day: PartitionDay | undefined;
  if (event.day !== undefined) {
    day = partitionDay(event.day);
    // A day still being written would be hidden from the reading view once compacted.
    if (event.day >= partitionDayText(partitionDayOf(new Date(), timeZone)))
      throw new InvalidDayError(event.day);
  }
  const engine = createAthenaEngine({
    api: athenaApi(new AthenaClient({})),
    database,
    workgroup: required(env, 'ATHENA_WORKGROUP'),
  });
  const results = await compactOnAthena({
    engine,
    store: s3CompactionStore(new S3Client({})),
    config: {
      glueDatabase: database,
      partitionTimeZone: timeZone,
      apps,
      compaction: { rawRetentionDays: Number(required(env, 'RAW_RETENTION_DAYS')) },
    },
    now: new Date(),
    ...(day ? { day } : {}),
  });
  for (const result of results) console.log(JSON.stringify({ message: 'compaction', ...result }));
  const failed = results.filter((result) => result.outcome === 'failed');
  if (failed.length > 0) {
    throw new Error(
      `compaction failed for ${failed.map((result) => `${result.app} ${result.day}`).join(', ')}`,
    );
  }
  return results;
}
