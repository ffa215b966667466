/**
 * `npm run compact [-- --app <name>] [--day YYYY-MM-DD]`: the local twin of the daily Athena
 * compaction. Turns complete days of `npm run offline` data into Parquet. See sql/README.md.
 */
import { runCompactCli } from './run-compact-cli.js';

process.exitCode = await runCompactCli(process.argv.slice(2), {
  cwd: process.env.INIT_CWD ?? process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
