/**
 * `npm run offline` from source (`npx tracker offline` runs the same from the prebuilt bundle): the
 * tracker on this machine. Reads tracker.config.ts, starts the embedded S3 server and the HTTP server,
 * prints where to send events, and stops both on Ctrl-C.
 * Environment: PORT (3000), S3_PORT (4569), DATA_DIR (.data), TRACKER_CONFIG, and the Lambda's own
 * variables, which override the config (ALLOWED_BUCKETS, CORS_ORIGINS or CORS_ORIGIN, BUCKET_ORIGINS,
 * MAX_BODY_BYTES, STAGE_NAMES, PARTITION_TIME_ZONE). Daily salts rotate in DATA_DIR/salts.json.
 * Flags: `--config <file>` (wins over TRACKER_CONFIG, like every other command). See `OFFLINE_USAGE`.
 */
import { runOfflineCli } from './run-offline-cli.js';
import { shutdownOnSignal } from './shutdown-on-signal.js';

// The pinned SDK supports this Node; its notice about future releases is noise in a dev server.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const shutdown = shutdownOnSignal(process.stdout);
const { server, exitCode } = await runOfflineCli(process.argv.slice(2), {
  // npm runs scripts at the repository root; a relative --config is meant from where the user typed.
  cwd: process.env.INIT_CWD ?? process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
if (server) await shutdown.serve(server);
else process.exit(shutdown.finish(exitCode));
