/**
 * `npm run offline`: the tracker on this machine. Reads tracker.config.ts, starts the embedded S3
 * server and the HTTP server, prints where to send events, and stops both on Ctrl-C.
 * Environment: PORT (3000), S3_PORT (4569), DATA_DIR (.data), TRACKER_CONFIG, and the Lambda's own
 * variables, which override the config (ALLOWED_BUCKETS, CORS_ORIGINS or CORS_ORIGIN, BUCKET_ORIGINS,
 * MAX_BODY_BYTES, STAGE_NAMES, PARTITION_TIME_ZONE). Daily salts rotate in DATA_DIR/salts.json.
 * Flags: `--config <file>` (wins over TRACKER_CONFIG, like every other command).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTrackerConfig } from '@analytics-tracker/config';
import { OfflineStartError, startOffline } from './offline-server.js';

// The pinned SDK supports this Node; its notice about future releases is noise in a dev server.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

function port(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new OfflineStartError(`${name} must be a port number (0-65535), got "${value}"`);
  }
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string' } } });
  // npm runs scripts at the repository root; a relative --config is meant from where the user typed.
  const { config } = await loadTrackerConfig({
    cwd: process.env.INIT_CWD ?? process.cwd(),
    path: values.config,
    env: process.env,
  });
  const offline = await startOffline({
    port: port('PORT', 3000),
    s3Port: port('S3_PORT', 4569),
    dataDir: resolve(process.env.DATA_DIR ?? '.data'),
    config,
    // The Lambda's variables (ALLOWED_BUCKETS, CORS_ORIGINS, ...) override the config, as in AWS.
    env: process.env,
  });
  const example = offline.allowedBuckets.find((bucket) => !bucket.includes('*')) ?? 'my-bucket';
  const body = JSON.stringify({
    bucket: example,
    eventType: 'page_view',
    timestamp: new Date().toISOString(),
    page: '/articles/my-post?utm_source=newsletter',
    sessionId: 'abc123',
    referrer: 'https://google.com',
  });
  process.stdout.write(
    [
      '',
      `  analytics-tracker offline: ${offline.url}/track  (tRPC: ${offline.url}/trpc)`,
      `  allowed buckets: ${offline.allowedBuckets.join(', ')}`,
      `  embedded S3:     ${offline.s3Endpoint}  (objects under ${offline.dataDir}/s3/<bucket>/analytics/)`,
      '',
      '  Try it:',
      `  curl -X POST ${offline.url}/track -H 'Content-Type: application/json' -d '${body}'`,
      '',
      '  Then: npm run query -- --name daily_page_views     Ctrl-C stops.',
      '',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    await offline.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

const PORT_VARIABLES = { HTTP: 'PORT', S3: 'S3_PORT' } as const;

main().catch((error: unknown) => {
  let message = error instanceof Error ? error.message : String(error);
  if (error instanceof OfflineStartError && error.server && error.port !== undefined) {
    message += ` (e.g. ${PORT_VARIABLES[error.server]}=${error.port + 1} npm run offline)`;
  }
  process.stderr.write(`offline: ${message}\n`);
  process.exit(1);
});
