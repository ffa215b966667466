/**
 * `npm run query -- "SELECT ..." | --file <file> | --name <query> [--format table|csv|json] [--athena]`
 * Runs the same SQL locally (DuckDB over `npm run offline` data) or on Athena. See sql/README.md.
 */
import { runQueryCli } from './run-query-cli.js';

process.exitCode = await runQueryCli(process.argv.slice(2), {
  cwd: process.env.INIT_CWD ?? process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
