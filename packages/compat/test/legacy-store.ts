import { s3rverClient } from '@analytics-tracker/local';
import { PutObjectCommand } from '@aws-sdk/client-s3';

/**
 * Stores rows as the original tracker wrote them: one PutObject per event, at
 * `analytics/year=/month=/day=/<eventId>.json` of `day` (YYYY-MM-DD), through the S3 protocol of a
 * running offline server. Returns the keys written, in order.
 *
 * @example
 * const keys = await putLegacyRows(offline.s3Endpoint, 'app1-analytics-prod', '2026-11-30', rows);
 */
export async function putLegacyRows(
  s3Endpoint: string,
  bucket: string,
  day: string,
  rows: readonly { eventId: string }[],
): Promise<string[]> {
  const [year, month, dd] = day.split('-');
  const s3 = s3rverClient(s3Endpoint);
  const keys: string[] = [];
  try {
    for (const row of rows) {
      const key = `analytics/year=${year}/month=${month}/day=${dd}/${row.eventId}.json`;
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: JSON.stringify(row),
          ContentType: 'application/json',
        }),
      );
      keys.push(key);
    }
  } finally {
    s3.destroy();
  }
  return keys;
}
