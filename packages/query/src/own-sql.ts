import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file's own place (packages/query/src/), not from the config's. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A file of the repository's own `sql/` folder (`sql/example-queries.sql`, `sql/dashboard-queries.sql`)
 * as an absolute path found from this package, so `--name` and the dashboard work wherever
 * `tracker.config.ts` lives (a config in another folder needs no `sql/` beside it). `npm run query --
 * --file <file>` reads another file.
 *
 * @example
 * await readFile(ownSqlFile('sql/example-queries.sql'), 'utf8');
 */
export function ownSqlFile(relativePath: string): string {
  return join(ROOT, relativePath);
}
