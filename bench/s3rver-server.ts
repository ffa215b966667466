/**
 * The real S3 protocol (s3rver, as in `npm run offline`) in its own process, storing under a
 * temporary folder that is removed on exit. Prints `listening http://127.0.0.1:<port>` once ready.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startS3Server } from '@analytics-tracker/local';

const dataDir = mkdtempSync(join(tmpdir(), 'bench-s3rver-'));
const s3 = await startS3Server({
  dataDir,
  port: 0,
  buckets: [process.env.BENCH_BUCKET ?? 'app1-analytics-prod'],
});
process.stdout.write(`listening ${s3.endpoint}\n`);
process.on('SIGTERM', () => {
  void s3.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
});
