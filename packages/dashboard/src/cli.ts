/**
 * `npm run dashboard`: the traffic page on http://localhost:3001 over the offline data, or
 * `npm run dashboard -- --athena` over the production tables. Ctrl-C stops it.
 * Environment: DASHBOARD_PORT (3001), DATA_DIR (.data), TRACKER_CONFIG, AWS_REGION / AWS_PROFILE.
 */
import { shutdownOnSignal } from '@analytics-tracker/local';
import { runDashboardCli } from './run-dashboard-cli.js';

// The pinned SDK supports this Node; its notice about future releases is noise in a dev server.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const shutdown = shutdownOnSignal(process.stdout);
const { server, exitCode } = await runDashboardCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
if (server) await shutdown.serve(server);
else process.exit(shutdown.finish(exitCode));
